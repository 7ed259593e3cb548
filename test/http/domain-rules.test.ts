import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import {
  activityTimes,
  assertRefused,
  assertRefusals,
  buildScenario,
  directEdit,
  entryBody,
  expectStatus,
} from './fixtures.ts';

t.test('a withdrawn entry is final and cannot be reviewed', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const entry = `/entries/${s.entryIds[2]}`;
  expectStatus(
    await app.request({
      method: 'POST',
      url: `${entry}/withdrawal`,
      payload: { reason: 'Written in the wrong log.' },
    }),
    200,
    'withdrawn',
  );

  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${entry}/amendments`,
      payload: { reason: 'Typo.', changes: { place: 'Pool' } },
    },
    409,
    'ENTRY_WITHDRAWN',
  );
  await assertRefused(
    t,
    app,
    { method: 'POST', url: `${entry}/withdrawal`, payload: { reason: 'Again.' } },
    409,
    'ENTRY_WITHDRAWN',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `/learning-logs/${s.logId}/reviews`,
      payload: { entryIds: [s.entryIds[2]] },
    },
    409,
    'ENTRY_WITHDRAWN',
  );
});

t.test('a closed log takes no entries and is closed once', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const log = `/learning-logs/${s.logId}`;
  // Closing names only an action, so it may come with no body at all.
  const closed = await app.request({ method: 'POST', url: `${log}/closure` });
  t.equal(closed.statusCode, 200, 'a log is closed without a body');
  t.equal(closed.json().closeReason, null, 'and without a reason');

  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${log}/entries`,
      key: s.employeeKeys[1],
      payload: entryBody((w) => w, activityTimes[2]),
    },
    409,
    'LOG_CLOSED',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${log}/closure`,
      headers: { 'content-type': 'application/json' },
      payload: '',
    },
    409,
    'LOG_CLOSED',
  );
  const amended = await app.request({
    method: 'POST',
    url: `/entries/${s.entryIds[0]}/amendments`,
    key: s.employeeKeys[0],
    payload: { reason: 'Typo.', changes: { place: 'Pool' } },
  });
  t.equal(amended.statusCode, 200, 'an entry of a closed log can still be corrected');
});

t.test('acknowledgements name a version that exists, once', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const acks = `${s.profileUrl}/acknowledgements`;
  const ack = (version: number) =>
    ({ method: 'POST', url: acks, key: s.employeeKeys[0], payload: { version } }) as const;

  await assertRefused(t, app, ack(1), 422, 'VERSION_DOES_NOT_EXIST');
  expectStatus(await directEdit(app, s.profileUrl, 0, 'Say the plan once.'), 201, 'version 1');
  await assertRefused(t, app, ack(2), 422, 'VERSION_DOES_NOT_EXIST');
  await assertRefused(t, app, ack(0), 422, 'VERSION_DOES_NOT_EXIST');
  expectStatus(await app.request(ack(1)), 201, 'acknowledged');
  await assertRefused(t, app, ack(1), 409, 'VERSION_ALREADY_ACKNOWLEDGED');
  await assertRefused(
    t,
    app,
    { method: 'POST', url: acks, payload: { version: 1 } },
    422,
    'ACKNOWLEDGER_REQUIRED',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: acks,
      payload: { version: 1, employeeId: s.employees[1] },
      key: s.employeeKeys[0],
    },
    403,
    'ACKNOWLEDGING_FOR_ANOTHER_EMPLOYEE',
  );
  await assertRefused(
    t,
    app,
    { method: 'POST', url: acks, payload: { version: 1, employeeId: s.personId } },
    422,
    'PERSON_NOT_AN_EMPLOYEE',
  );
});

t.test('statements are changed only where they exist, and only to something new', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const added = expectStatus(
    await directEdit(app, s.profileUrl, 0, 'Say the plan once.'),
    201,
    'added',
  );
  const statementId = added.sections['how-to-support'][0].statementId;
  const change = (payload: object) =>
    ({
      method: 'POST',
      url: `${s.profileUrl}/changes`,
      headers: { 'if-match': '"1"' },
      payload,
    }) as const;
  const basis = { kind: 'direct-edit', reason: 'Clearer.' };

  await assertRefused(
    t,
    app,
    change({ operation: 'reword', section: 'important-to', statementId, text: 'Once.', basis }),
    422,
    'STATEMENT_NOT_FOUND',
  );
  await assertRefused(
    t,
    app,
    change({ operation: 'remove', section: 'how-to-support', statementId: s.insightId, basis }),
    422,
    'STATEMENT_NOT_FOUND',
  );
  await assertRefused(
    t,
    app,
    change({
      operation: 'reword',
      section: 'how-to-support',
      statementId,
      text: 'Say the plan once.',
      basis,
    }),
    422,
    'STATEMENT_UNCHANGED',
  );
});

t.test('teams and people keep their own rules', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const team = `/teams/${s.teamId}`;

  await assertRefused(
    t,
    app,
    { method: 'POST', url: `${team}/members`, payload: { personId: s.employees[0] } },
    409,
    'ALREADY_TEAM_MEMBER',
  );
  await assertRefused(
    t,
    app,
    { method: 'POST', url: `${team}/supported-people`, payload: { personId: s.personId } },
    409,
    'ALREADY_SUPPORTING_PERSON',
  );
  expectStatus(
    await app.request({ method: 'DELETE', url: `${team}/members/${s.employees[2]}` }),
    200,
    'member removed',
  );
  await assertRefused(
    t,
    app,
    { method: 'DELETE', url: `${team}/members/${s.employees[2]}` },
    409,
    'NOT_TEAM_MEMBER',
  );
  await assertRefused(
    t,
    app,
    { method: 'DELETE', url: `${team}/supported-people/${s.employees[0]}` },
    409,
    'NOT_SUPPORTING_PERSON',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: '/people',
      payload: { kind: 'employee', displayName: 'Ike Notreal', externalRef: 'emp-fiction-001' },
    },
    409,
    'EXTERNAL_REFERENCE_TAKEN',
  );
});

t.test(
  'an entry is amended only by its author, and withdrawn by its author or a reviewer',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);
    const [first, second] = s.entryIds;
    const change = (url: string, key: string) => ({
      method: 'POST' as const,
      url,
      key,
      payload: url.endsWith('amendments')
        ? { reason: 'Typo.', changes: { place: 'Pool' } }
        : { reason: 'Written in the wrong log.' },
    });
    const amend = `/entries/${first}/amendments`;
    const refusal = { status: 403, code: 'NOT_ENTRY_AUTHOR' };

    await assertRefusals(t, app, [
      { name: 'another author amends', ...change(amend, s.employeeKeys[1]), ...refusal },
      { name: 'a reviewer amends', ...change(amend, s.reviewerKeys[1]), ...refusal },
      {
        name: 'another author withdraws',
        ...change(`/entries/${first}/withdrawal`, s.employeeKeys[1]),
        ...refusal,
      },
    ]);

    expectStatus(await app.request(change(amend, s.employeeKeys[0])), 200, 'its author amends');
    expectStatus(
      await app.request(change(`/entries/${second}/withdrawal`, s.reviewerKeys[2])),
      200,
      'a reviewer withdraws another’s entry written in error',
    );
  },
);
