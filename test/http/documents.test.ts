import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { applyInsight, buildScenario, directEdit, expectStatus } from './fixtures.ts';

const statementsOf = (view: { sections: Record<string, Array<{ text: string }>> }) =>
  Object.fromEntries(
    Object.entries(view.sections).map(([section, list]) => [section, list.map((s) => s.text)]),
  );

t.test('a profile is read as it is now, at any version, and at any instant', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const get = (url: string) => app.request({ method: 'GET', url });

  const empty = await get(s.profileUrl);
  t.equal(empty.headers.etag, '"0"', 'a new profile is version 0');
  t.same(
    statementsOf(empty.json()),
    { appreciation: [], 'important-to': [], 'how-to-support': [] },
    'with three empty sections',
  );
  t.equal(empty.json().since, null, 'and no time it came into force');

  // A few milliseconds between versions, so each has its own instant.
  const editor = s.reviewerKeys[1];
  const v1 = expectStatus(
    await directEdit(app, s.profileUrl, 0, 'Say the plan once.', { key: editor }),
    201,
    'v1',
  );
  await sleep(5);
  expectStatus(await applyInsight(app, s, 1), 201, 'v2');
  await sleep(5);
  const statementId = v1.sections['how-to-support'][0].statementId;
  const reword = {
    operation: 'reword',
    section: 'how-to-support',
    statementId,
    text: 'Say the plan once; show the card.',
    basis: { kind: 'direct-edit', reason: 'Cards help.' },
  };
  expectStatus(
    await app.request({
      method: 'POST',
      url: `${s.profileUrl}/changes`,
      headers: { 'if-match': '"2"' },
      payload: reword,
    }),
    201,
    'v3',
  );
  await sleep(5);
  const remove = {
    operation: 'remove',
    section: 'how-to-support',
    statementId,
    basis: { kind: 'direct-edit', reason: 'Moved to the plan.' },
  };
  const v4 = await app.request({
    method: 'POST',
    url: `${s.profileUrl}/changes`,
    headers: { 'if-match': '"3"' },
    payload: remove,
  });
  t.equal(v4.statusCode, 201, 'v4 removes the statement');
  t.equal(v4.headers.location, `${s.profileUrl}/versions/4`, 'the change points at its version');

  const current = await get(s.profileUrl);
  t.equal(current.headers.etag, '"4"', 'the current ETag is the strong version number');
  t.same(
    statementsOf(current.json()),
    { appreciation: [], 'important-to': ['Choosing my own locker.'], 'how-to-support': [] },
    'the current profile',
  );

  const expected = [
    { 'how-to-support': ['Say the plan once.'], 'important-to': [] },
    { 'how-to-support': ['Say the plan once.'], 'important-to': ['Choosing my own locker.'] },
    {
      'how-to-support': ['Say the plan once; show the card.'],
      'important-to': ['Choosing my own locker.'],
    },
    { 'how-to-support': [], 'important-to': ['Choosing my own locker.'] },
  ];
  for (const [index, sections] of expected.entries()) {
    const version = index + 1;
    const read = await get(`${s.profileUrl}/versions/${version}`);
    t.equal(read.headers.etag, `"${version}"`, `version ${version} carries its own ETag`);
    t.same(
      statementsOf(read.json()),
      { appreciation: [], ...sections },
      `version ${version} reads as it stood`,
    );
  }
  t.equal(
    (await get(`${s.profileUrl}/versions/0`)).json().version,
    0,
    'version 0 is the empty profile',
  );

  const versions = (await get(`${s.profileUrl}/versions`)).json().items;
  t.same(
    versions.map((v: { version: number; operation: string }) => [v.version, v.operation]),
    [
      [1, 'add'],
      [2, 'add'],
      [3, 'reword'],
      [4, 'remove'],
    ],
    'one list item per version',
  );
  t.equal(versions[0].authorId, s.employees[1], 'each change keeps its author');
  t.same(
    versions[0].basis,
    { kind: 'direct-edit', reason: 'Agreed at the team meeting.' },
    'a direct edit keeps its reason',
  );
  t.same(
    versions[1].basis,
    { kind: 'insight', reviewId: s.reviewId, decisionId: s.insightId, entryIds: [s.entryIds[0]] },
    'an applied insight keeps its decision and entries',
  );
  t.equal(versions[2].previousText, 'Say the plan once.', 'a reword keeps the wording it replaced');

  for (const change of versions) {
    const atThatMoment = await get(`${s.profileUrl}?at=${encodeURIComponent(change.recordedAt)}`);
    t.equal(
      atThatMoment.json().version,
      change.version,
      `at the instant of version ${change.version}, that version was in force`,
    );
    t.equal(atThatMoment.headers.etag, `"${change.version}"`, `and its ETag is given`);
  }
  const justBefore = new Date(Date.parse(versions[0].recordedAt) - 1).toISOString();
  t.equal(
    (await get(`${s.profileUrl}?at=${encodeURIComponent(justBefore)}`)).json().version,
    0,
    'before the first change, version 0',
  );
  t.equal(
    (await get(`${s.profileUrl}?at=2099-01-01T00:00:00Z`)).json().version,
    4,
    'in the future, the current version',
  );
});

t.test('an instant with a time-zone offset means the same moment', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  expectStatus(await directEdit(app, s.profileUrl, 0, 'Tea first.'), 201, 'v1');
  const recordedAt = (await app.request({ method: 'GET', url: `${s.profileUrl}/versions` })).json()
    .items[0].recordedAt as string;

  const inBerlinSummer = (iso: string) => {
    const moment = new Date(Date.parse(iso) + 2 * 3600_000).toISOString();
    return `${moment.slice(0, 23)}+02:00`;
  };
  const same = await app.request({
    method: 'GET',
    url: `${s.profileUrl}?at=${encodeURIComponent(inBerlinSummer(recordedAt))}`,
  });
  t.equal(same.json().version, 1, 'the moment of version 1, written with +02:00, finds version 1');
  const before = inBerlinSummer(new Date(Date.parse(recordedAt) - 1).toISOString());
  t.equal(
    (
      await app.request({ method: 'GET', url: `${s.profileUrl}?at=${encodeURIComponent(before)}` })
    ).json().version,
    0,
    'a millisecond earlier, version 0',
  );
});

t.test('a team plan has its own sections and versions', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const plan = `/teams/${s.teamId}/plan`;

  const empty = (await app.request({ method: 'GET', url: plan })).json();
  t.same(
    Object.keys(empty.sections),
    [
      'purpose',
      'who-we-are',
      'important-to-us',
      'how-we-support-each-other',
      'core-duties',
      'judgement-and-creativity',
      'not-ours-to-do',
      'agreed-and-learned',
    ],
    'the eight sections of a team plan',
  );

  const v1 = await directEdit(app, plan, 0, 'Two-minute handover at the door.', {
    section: 'agreed-and-learned',
  });
  t.equal(v1.statusCode, 201, 'a statement added');
  t.equal(v1.headers.etag, '"1"', 'version 1');
  const read = await app.request({ method: 'GET', url: `${plan}/versions/1` });
  t.same(
    read.json().sections['agreed-and-learned'].map((x: { text: string }) => x.text),
    ['Two-minute handover at the door.'],
    'readable by number',
  );
});
