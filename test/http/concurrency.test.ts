import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem, buildScenario, directEdit, expectStatus } from './fixtures.ts';
import { loadTogether, statuses, typesIn } from './race.ts';

t.test('of two document changes sent with the same If-Match, exactly one wins', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);

  const first = await Promise.all([
    directEdit(app, s.profileUrl, 0, 'Tea first.'),
    directEdit(app, s.profileUrl, 0, 'Radio first.'),
  ]);
  t.same(
    statuses(first),
    [201, 412],
    'one 201 and one 412 when the loser reads after the winner wrote',
  );
  t.equal(
    first.find((r) => r.statusCode === 201)!.headers.etag,
    '"1"',
    'the winner made version 1',
  );
  assertProblem(
    t,
    first.find((r) => r.statusCode === 412)!,
    412,
    'PRECONDITION_FAILED',
  );

  loadTogether(t, app, `profile-${s.personId}`);
  const second = await Promise.all([
    directEdit(app, s.profileUrl, 1, 'Bath after tea.'),
    directEdit(app, s.profileUrl, 1, 'Bath after radio.'),
  ]);
  t.same(
    statuses(second),
    [201, 412],
    'one 201 and one 412 when both read version 1 before either wrote',
  );
  t.equal(
    second.find((r) => r.statusCode === 412)!.json().currentVersion,
    2,
    'the loser is told the current version',
  );

  const versions = (await app.request({ method: 'GET', url: `${s.profileUrl}/versions` })).json()
    .items;
  t.same(
    versions.map((v: { version: number }) => v.version),
    [1, 2],
    'exactly one new version per race',
  );
  t.equal(
    (await typesIn(app, `profile-${s.personId}`)).length,
    2,
    'two events in the profile stream, no more',
  );
});

t.test('a team plan is guarded the same way', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const plan = `/teams/${s.teamId}/plan`;
  loadTogether(t, app, `team-plan-${s.teamId}`);

  const edit = (text: string) =>
    directEdit(app, plan, 0, text, { section: 'how-we-support-each-other' });
  const raced = await Promise.all([edit('We swap shifts openly.'), edit('We debrief on Fridays.')]);
  t.same(statuses(raced), [201, 412], 'one wins, one is told its version is stale');

  const current = await app.request({ method: 'GET', url: plan });
  t.equal(current.headers.etag, '"1"', 'the plan has exactly one new version');
  t.equal(current.json().sections['how-we-support-each-other'].length, 1, 'one statement, not two');
});

t.test('a document change needs a current If-Match', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const before = await app.eventCount();

  const missing = await app.request({
    method: 'POST',
    url: `${s.profileUrl}/changes`,
    payload: {
      operation: 'add',
      section: 'how-to-support',
      text: 'Tea first.',
      basis: { kind: 'direct-edit', reason: 'Agreed.' },
    },
  });
  assertProblem(t, missing, 428, 'PRECONDITION_REQUIRED');
  assertProblem(
    t,
    await directEdit(app, s.profileUrl, 3, 'Tea first.'),
    412,
    'PRECONDITION_FAILED',
  );
  t.equal(await app.eventCount(), before, 'neither appended anything');

  expectStatus(await directEdit(app, s.profileUrl, 0, 'Tea first.'), 201, 'version 1');
  const stale = await directEdit(app, s.profileUrl, 0, 'Radio first.');
  assertProblem(t, stale, 412, 'PRECONDITION_FAILED');
  t.equal(stale.json().currentVersion, 1, 'the stale writer is told the current version');
});

t.test('of two amendments of one entry with the same If-Match, one wins', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const entryId = s.entryIds[0];
  const amend = (place: string, ifMatch?: string) =>
    app.request({
      method: 'POST',
      url: `/entries/${entryId}/amendments`,
      key: s.employeeKeys[0],
      headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
      payload: { reason: 'The place was wrong.', changes: { place } },
    });
  t.equal(
    (await app.request({ method: 'GET', url: `/entries/${entryId}` })).headers.etag,
    '"1"',
    'a new entry is version 1',
  );

  const unforced = await Promise.all([
    amend('The main pool', '"1"'),
    amend('The small pool', '"1"'),
  ]);
  t.same(statuses(unforced), [200, 412], 'one amended, one refused as stale');

  loadTogether(t, app, `entry-${entryId}`);
  const forced = await Promise.all([amend('The lido', '"2"'), amend('The beach', '"2"')]);
  t.same(statuses(forced), [200, 412], 'also when both read the same version before either wrote');

  const blind = await Promise.all([amend('The river'), amend('The lake')]);
  t.same(statuses(blind), [200, 409], 'without If-Match the loser gets 409');
  assertProblem(
    t,
    blind.find((r) => r.statusCode === 409)!,
    409,
    'CONCURRENT_MODIFICATION',
  );

  const entry = (await app.request({ method: 'GET', url: `/entries/${entryId}` })).json();
  t.equal(entry.amendments.length, 3, 'exactly one amendment per race');
  t.equal(entry.version, 4, 'and one version per amendment');
});
