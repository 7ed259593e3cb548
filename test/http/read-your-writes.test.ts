import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { activityTimes, applyInsight, buildScenario, entryBody, expectStatus } from './fixtures.ts';

t.test('every write is readable in its own answer and at once after', async (t) => {
  const app = await buildTestApp(t);
  const { request } = app;
  const get = async (url: string) =>
    expectStatus(await request({ method: 'GET', url }), 200, `GET ${url}`);
  /** The write's answer is exactly what an immediate read of the resource returns. */
  const same = async (written: Record<string, unknown>, url: string, what: string) =>
    t.same(await get(url), written, `${what}: a read at once returns what the write answered`);

  const s = await buildScenario(app);

  const person = expectStatus(
    await request({
      method: 'POST',
      url: '/people',
      payload: { kind: 'employee', displayName: 'Jo Sample', externalRef: 'emp-fiction-099' },
    }),
    201,
    'register',
  );
  t.equal(person.displayName, 'Jo Sample', 'the registration answers with the person');
  await same(person, `/people/${person.personId}`, 'person');
  t.same(
    (await get('/people?externalRef=emp-fiction-099')).items,
    [person],
    'the look-up by reference finds them at once',
  );

  const joined = expectStatus(
    await request({
      method: 'POST',
      url: `/teams/${s.teamId}/members`,
      payload: { personId: person.personId },
    }),
    200,
    'join',
  );
  t.ok(joined.members.includes(person.personId), 'the answer lists the new member');
  await same(joined, `/teams/${s.teamId}`, 'team');
  t.same(
    (await get(`/people/${person.personId}`)).memberOf,
    [s.teamId],
    'the person shows the team at once',
  );

  const key = s.employeeKeys[2];
  const url = `/learning-logs/${s.logId}/entries`;
  const entry = expectStatus(
    await request({
      method: 'POST',
      url,
      key,
      payload: entryBody((w) => w, '2025-03-14T16:00:00.000Z'),
    }),
    201,
    'record',
  );
  t.equal(entry.authorId, s.employees[2], 'the author is the caller');
  await same(entry, `/entries/${entry.entryId}`, 'entry');
  t.same((await get(url)).items.at(-1), entry, 'the entry list shows it at once');
  t.equal((await get(`/learning-logs/${s.logId}`)).entryCount, 4, 'the log counts it at once');

  const amended = expectStatus(
    await request({
      method: 'POST',
      url: `/entries/${entry.entryId}/amendments`,
      key,
      payload: { reason: 'Wrong pool.', changes: { place: 'The lido' } },
    }),
    200,
    'amend',
  );
  t.equal(amended.content.place, 'The lido', 'the amendment answers with the entry as amended');
  t.equal(amended.original.place, entry.content.place, 'and the original kept');
  await same(amended, `/entries/${entry.entryId}`, 'amended entry');

  const withdrawn = expectStatus(
    await request({
      method: 'POST',
      url: `/entries/${entry.entryId}/withdrawal`,
      key,
      payload: { reason: 'Wrong log.' },
    }),
    200,
    'withdraw',
  );
  t.equal(withdrawn.withdrawal.reason, 'Wrong log.', 'the withdrawal answers with its reason');
  await same(withdrawn, `/entries/${entry.entryId}`, 'withdrawn entry');

  const review = `/reviews/${s.reviewId}`;
  const action = expectStatus(
    await request({
      method: 'POST',
      url: `${review}/actions`,
      key: s.reviewerKey,
      payload: { description: 'Ask reception.', ownerId: s.employees[1], dueOn: '2025-04-01' },
    }),
    201,
    'action',
  );
  const sharing = expectStatus(
    await request({
      method: 'POST',
      url: `${review}/sharing`,
      key: s.reviewerKey,
      payload: {
        audience: 'named-employees',
        employeeIds: [s.employees[2]],
        method: 'At handover.',
      },
    }),
    201,
    'sharing',
  );
  const decisions = (await get(review)).decisions;
  t.same(decisions.slice(-2), [action, sharing], 'the review shows both decisions at once');

  const completed = expectStatus(
    await request({ method: 'POST', url: `${review}/completion`, key: s.reviewerKey }),
    200,
    'complete',
  );
  t.equal(completed.status, 'completed', 'the completion answers with a completed review');
  await same(completed, review, 'review');
  const reviewed = (await get(`${url}?reviewed=true`)).items.map(
    (item: { entryId: string }) => item.entryId,
  );
  t.same(reviewed, s.entryIds.slice(0, 2), 'the covered entries are reviewed at once');

  const applied = await applyInsight(app, s, 0);
  const profile = expectStatus(applied, 201, 'apply');
  t.equal(profile.version, 1, 'the change answers with the new version');
  const current = await request({ method: 'GET', url: s.profileUrl });
  t.equal(
    current.headers.etag,
    applied.headers.etag,
    'the current profile carries the new ETag at once',
  );
  t.same(current.json(), profile, 'and reads as the change answered');
  await same(profile, applied.headers.location!, 'the version at its Location');
  t.equal(
    (await get(`${s.profileUrl}/versions`)).items.length,
    1,
    'the versions list shows it at once',
  );
  t.equal(
    (await get(`${s.profileUrl}/audit-trail`)).versions[0].decision.decisionId,
    s.insightId,
    'the audit trail shows it at once',
  );
  t.equal(
    (await get(review)).decisions[0].status,
    'applied',
    'the insight shows as applied at once',
  );

  const readers = expectStatus(
    await request({
      method: 'POST',
      url: `${s.profileUrl}/acknowledgements`,
      key: s.employeeKeys[1],
      payload: { version: 1 },
    }),
    201,
    'ack',
  );
  const reader = readers.readers.find(
    (r: { employeeId: string }) => r.employeeId === s.employees[1],
  );
  t.equal(reader.acknowledgedVersion, 1, 'the acknowledgement answers with the reader status');
  await same(readers, `${s.profileUrl}/acknowledgements`, 'readers');
  t.same(
    (await get(`/people/${s.employees[1]}/outstanding-acknowledgements`)).items,
    [],
    'nothing outstanding for them at once',
  );

  const closed = expectStatus(
    await request({
      method: 'POST',
      url: `/learning-logs/${s.logId}/closure`,
      payload: { reason: 'Ten swims done.' },
    }),
    200,
    'close',
  );
  t.equal(closed.status, 'closed', 'the closure answers with a closed log');
  await same(closed, `/learning-logs/${s.logId}`, 'log');
});

t.test('a declined insight and a new key are visible at once', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);

  const declined = await app.request({
    method: 'POST',
    url: `/reviews/${s.reviewId}/insights/${s.insightId}/decline`,
    payload: { reason: 'Too early to say.' },
  });
  const decision = expectStatus(declined, 200, 'decline');
  t.equal(decision.status, 'declined', 'the decline answers with a declined insight');
  const review = expectStatus(
    await app.request({ method: 'GET', url: `/reviews/${s.reviewId}` }),
    200,
    'review',
  );
  t.same(review.decisions[0], decision, 'the review shows the decline at once');

  const created = await app.request({
    method: 'POST',
    url: '/api-keys',
    payload: {
      role: 'author',
      actor: { kind: 'employee', personId: s.employees[2] },
      label: 'Tablet at the pool',
    },
  });
  const { key } = expectStatus(created, 201, 'create key');
  const entry = await app.request({
    method: 'POST',
    url: `/learning-logs/${s.logId}/entries`,
    key,
    payload: entryBody((w) => w, activityTimes[2]),
  });
  t.equal(
    expectStatus(entry, 201, 'record with new key').authorId,
    s.employees[2],
    'the new key works at once and speaks for its employee',
  );
});
