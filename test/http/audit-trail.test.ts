import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { applyInsight, buildScenario, directEdit, expectStatus } from './fixtures.ts';

t.test('a profile statement is traced back to its decision, review and entries', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const get = async (url: string) =>
    expectStatus(await app.request({ method: 'GET', url }), 200, url);

  expectStatus(
    await directEdit(app, s.profileUrl, 0, 'Say the plan once.', {
      key: s.reviewerKeys[2],
      reason: 'Her keyworker asked.',
    }),
    201,
    'v1',
  );
  const applied = expectStatus(await applyInsight(app, s, 1), 201, 'v2');
  expectStatus(
    await app.request({
      method: 'POST',
      url: `${s.profileUrl}/acknowledgements`,
      key: s.employeeKeys[1],
      payload: { version: 2 },
    }),
    201,
    'ack',
  );

  const trail = await get(`${s.profileUrl}/audit-trail`);
  t.same(
    trail.document,
    { kind: 'one-page-profile', subjectId: s.personId },
    'the trail names its document',
  );
  const [edit, fromInsight] = trail.versions;

  t.same(edit.author, { id: s.employees[2], displayName: 'Dov Invented' }, 'a direct edit: who');
  t.ok(Date.parse(edit.recordedAt) > 0, 'a direct edit: when');
  t.equal(edit.reason, 'Her keyworker asked.', 'a direct edit: why');
  t.equal(edit.decision, null, 'a direct edit rests on no decision');
  t.same(edit.entries, [], 'nor on entries');

  t.equal(fromInsight.version, 2, 'the insight made version 2');
  t.same(
    fromInsight.author,
    { id: s.employees[0], displayName: 'Bram Placeholder' },
    'applied by the reviewer',
  );
  t.equal(fromInsight.reason, null, 'an applied insight needs no stated reason');
  t.equal(fromInsight.text, 'Choosing my own locker.', 'the statement it added');
  t.match(
    fromInsight.decision,
    {
      reviewId: s.reviewId,
      decisionId: s.insightId,
      finding: 'Choosing her own locker matters to her.',
      category: 'important-to',
      status: 'applied',
      decidedBy: { id: s.employees[0], displayName: 'Bram Placeholder' },
    },
    'the decision behind it, and who decided',
  );
  t.same(
    fromInsight.decision.review.participants.map((p: { displayName: string }) => p.displayName),
    ['Bram Placeholder', 'Cass Madeup'],
    'the review and who took part',
  );
  t.equal(fromInsight.entries.length, 1, 'the one entry it rests on');
  t.match(
    fromInsight.entries[0],
    {
      entryId: s.entryIds[0],
      author: { id: s.employees[0], displayName: 'Bram Placeholder' },
      activity: 'swimming',
      withdrawn: false,
    },
    'with its author',
  );
  t.same(
    fromInsight.acknowledgedBy.map((a: { id: string; version: number }) => [a.id, a.version]),
    [[s.employees[1], 2]],
    'who has read it',
  );
  t.same(
    edit.acknowledgedBy.map((a: { id: string }) => a.id),
    [s.employees[1]],
    'reading version 2 counts for version 1 too',
  );

  const statementId = applied.sections['important-to'][0].statementId;
  const one = await get(`${s.profileUrl}/audit-trail?statementId=${statementId}`);
  t.same(
    one.versions.map((v: { version: number }) => v.version),
    [2],
    'the trail of one statement',
  );
});

t.test('an entry is traced forward to decisions, versions and readers', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const trailOf = async (entryId: string) =>
    expectStatus(
      await app.request({ method: 'GET', url: `/entries/${entryId}/audit-trail` }),
      200,
      'trail',
    );

  const before = await trailOf(s.entryIds[0]);
  t.match(
    before.entry,
    { entryId: s.entryIds[0], logId: s.logId, author: { displayName: 'Bram Placeholder' } },
    'the entry and its author',
  );
  t.equal(before.decisions.length, 1, 'one decision rests on it');
  t.match(
    before.decisions[0],
    { decisionId: s.insightId, status: 'proposed', producedVersion: null },
    'proposed, no version yet',
  );
  t.same(
    (await trailOf(s.entryIds[2])).decisions,
    [],
    'an entry no decision rests on has an empty trail',
  );

  expectStatus(await applyInsight(app, s, 0), 201, 'applied');
  expectStatus(
    await app.request({
      method: 'POST',
      url: `${s.profileUrl}/acknowledgements`,
      key: s.employeeKeys[2],
      payload: { version: 1 },
    }),
    201,
    'ack',
  );

  const [decision] = (await trailOf(s.entryIds[0])).decisions;
  t.equal(decision.status, 'applied', 'the decision was applied');
  t.match(
    decision.producedVersion,
    {
      document: { kind: 'one-page-profile', subjectId: s.personId },
      version: 1,
      text: 'Choosing my own locker.',
    },
    'the version it produced',
  );
  t.same(
    decision.producedVersion.acknowledgedBy.map((a: { displayName: string }) => a.displayName),
    ['Dov Invented'],
    'who has acknowledged it',
  );
});
