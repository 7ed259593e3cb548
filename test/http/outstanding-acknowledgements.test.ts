import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { applyInsight, buildScenario, directEdit, expectStatus } from './fixtures.ts';

t.test('who still owes an acknowledgement, per document and per employee', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const readers = async () =>
    expectStatus(
      await app.request({ method: 'GET', url: `${s.profileUrl}/acknowledgements` }),
      200,
      'readers',
    );
  const owedBy = async (employeeId: string) =>
    expectStatus(
      await app.request({
        method: 'GET',
        url: `/people/${employeeId}/outstanding-acknowledgements`,
      }),
      200,
      'owed',
    ).items;
  const profile = { kind: 'one-page-profile', subjectId: s.personId };

  t.same(
    (await readers()).readers.map((r: { owesLatest: boolean }) => r.owesLatest),
    [false, false, false],
    'nothing is owed of an empty profile',
  );
  t.same(await owedBy(s.employees[0]), [], 'nor by anyone');

  expectStatus(await applyInsight(app, s, 0), 201, 'v1');
  const all = await readers();
  t.equal(all.latestVersion, 1, 'version 1 is the latest');
  t.same(
    all.readers.map((r: { employeeId: string }) => r.employeeId),
    [...s.employees].sort(),
    'every member of the supporting team must read it',
  );
  t.ok(
    all.readers.every((r: { owesLatest: boolean }) => r.owesLatest),
    'and every one owes it',
  );
  t.same(
    await owedBy(s.employees[0]),
    [{ document: profile, latestVersion: 1, acknowledgedVersion: null }],
    'the employee owes version 1',
  );

  expectStatus(
    await app.request({
      method: 'POST',
      url: `${s.profileUrl}/acknowledgements`,
      key: s.employeeKeys[0],
      payload: { version: 1 },
    }),
    201,
    'ack',
  );
  t.same(await owedBy(s.employees[0]), [], 'after acknowledging, nothing is owed');
  t.same(
    await owedBy(s.employees[1]),
    [{ document: profile, latestVersion: 1, acknowledgedVersion: null }],
    'the others still owe it',
  );
  const afterAck = (await readers()).readers.find(
    (r: { employeeId: string }) => r.employeeId === s.employees[0],
  );
  t.match(
    afterAck,
    { acknowledgedVersion: 1, owesLatest: false },
    'the document shows who has read it',
  );

  expectStatus(await directEdit(app, s.profileUrl, 1, 'Tea first.'), 201, 'v2');
  t.same(
    await owedBy(s.employees[0]),
    [{ document: profile, latestVersion: 2, acknowledgedVersion: 1 }],
    'a new version is owed again',
  );

  expectStatus(
    await directEdit(app, `/teams/${s.teamId}/plan`, 0, 'Swap shifts openly.', {
      section: 'how-we-support-each-other',
    }),
    201,
    'plan v1',
  );
  const owed = (await owedBy(s.employees[2]))
    .map((item: { document: { kind: string } }) => item.document.kind)
    .sort();
  t.same(
    owed,
    ['one-page-profile', 'team-plan'],
    'a team-plan change is owed by the team members too',
  );
});
