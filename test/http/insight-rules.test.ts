import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import {
  applyInsight,
  assertProblem,
  assertRefused,
  buildScenario,
  expectStatus,
  decline,
} from './fixtures.ts';

t.test('an insight is applied once, and an applied insight cannot be declined', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  expectStatus(await applyInsight(app, s, 0), 201, 'first application');

  const before = await app.eventCount();
  assertProblem(
    t,
    await applyInsight(app, s, 1, 'Choosing my own locker, again.'),
    409,
    'INSIGHT_ALREADY_APPLIED',
  );
  t.equal(await app.eventCount(), before, 'the second application appended nothing');
  await assertRefused(t, app, decline(s.reviewId, s.insightId), 409, 'INSIGHT_ALREADY_APPLIED');
});

t.test('an insight is declined once, and a declined insight cannot be applied', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  expectStatus(await app.request(decline(s.reviewId, s.insightId)), 200, 'first decline');

  await assertRefused(
    t,
    app,
    decline(s.reviewId, s.insightId, 'Still no.'),
    409,
    'INSIGHT_ALREADY_DECLINED',
  );
  const before = await app.eventCount();
  assertProblem(t, await applyInsight(app, s, 0), 409, 'INSIGHT_ALREADY_DECLINED');
  t.equal(await app.eventCount(), before, 'the application appended nothing');
});

t.test('decisions rest only on what their review covers, and go where it chose', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const insights = `/reviews/${s.reviewId}/insights`;
  const profile = { kind: 'one-page-profile', subjectId: s.personId };

  const outside = {
    finding: 'Mornings are better.',
    category: 'how-to-support',
    entryIds: [s.entryIds[2]],
    noRecordReason: 'Known.',
  };
  await assertRefused(
    t,
    app,
    { method: 'POST', url: insights, payload: outside },
    422,
    'ENTRY_OUTSIDE_REVIEW',
  );

  const teamSection = {
    finding: 'Quiet.',
    category: 'important-to',
    entryIds: [s.entryIds[0]],
    destination: { document: profile, section: 'core-duties' },
  };
  await assertRefused(
    t,
    app,
    { method: 'POST', url: insights, payload: teamSection },
    422,
    'UNKNOWN_SECTION',
  );

  const noRecord = await app.request({
    method: 'POST',
    url: insights,
    payload: { ...outside, entryIds: [s.entryIds[1]] },
  });
  const noRecordId = expectStatus(noRecord, 201, 'insight needing no record').decisionId;
  const applyNoRecord = {
    operation: 'add',
    section: 'important-to',
    text: 'Mornings.',
    basis: { kind: 'insight', reviewId: s.reviewId, decisionId: noRecordId },
  };
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${s.profileUrl}/changes`,
      headers: { 'if-match': '"0"' },
      payload: applyNoRecord,
    },
    422,
    'INSIGHT_NEEDS_NO_RECORD',
  );

  const elsewhere = {
    operation: 'add',
    section: 'appreciation',
    text: 'Lockers.',
    basis: { kind: 'insight', reviewId: s.reviewId, decisionId: s.insightId },
  };
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${s.profileUrl}/changes`,
      headers: { 'if-match': '"0"' },
      payload: elsewhere,
    },
    422,
    'INSIGHT_DESTINATION_MISMATCH',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `/teams/${s.teamId}/plan/changes`,
      headers: { 'if-match': '"0"' },
      payload: { ...elsewhere, section: 'important-to-us' },
    },
    422,
    'INSIGHT_DESTINATION_MISMATCH',
  );

  const action = await app.request({
    method: 'POST',
    url: `/reviews/${s.reviewId}/actions`,
    payload: { description: 'Ask reception.', ownerId: s.employees[1], dueOn: '2025-04-01' },
  });
  const actionId = expectStatus(action, 201, 'action agreed').decisionId;
  await assertRefused(t, app, decline(s.reviewId, actionId), 422, 'DECISION_NOT_AN_INSIGHT');
  const applyAction = {
    ...elsewhere,
    section: 'important-to',
    basis: { kind: 'insight', reviewId: s.reviewId, decisionId: actionId },
  };
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${s.profileUrl}/changes`,
      headers: { 'if-match': '"0"' },
      payload: applyAction,
    },
    422,
    'UNKNOWN_REFERENCE',
  );
});

t.test("an insight goes only to a document of someone the log's learning is about", async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const insights = `/reviews/${s.reviewId}/insights`;
  const to = (document: { kind: string; subjectId: string }, section: string) => ({
    finding: 'Quiet mornings work best.',
    category: 'how-to-support',
    entryIds: [s.entryIds[0]],
    destination: { document, section },
  });

  const staffProfile = to(
    { kind: 'one-page-profile', subjectId: s.employees[0] },
    'how-to-support',
  );
  await assertRefused(
    t,
    app,
    { method: 'POST', url: insights, payload: staffProfile },
    422,
    'DESTINATION_NOT_FOR_THIS_LOG',
  );

  const supportingTeam = to({ kind: 'team-plan', subjectId: s.teamId }, 'agreed-and-learned');
  const accepted = await app.request({ method: 'POST', url: insights, payload: supportingTeam });
  t.equal(
    accepted.statusCode,
    201,
    'the plan of a team that supports the person is a fitting place',
  );
});

t.test('an insight cannot rest on a withdrawn entry', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const withdrawn = await app.request({
    method: 'POST',
    url: `/entries/${s.entryIds[1]}/withdrawal`,
    payload: { reason: 'Written about the wrong day.' },
  });
  expectStatus(withdrawn, 200, 'withdrawn');

  const insight = {
    finding: 'Evenings are calmer.',
    category: 'how-to-support',
    entryIds: [s.entryIds[1]],
    noRecordReason: 'Known.',
  };
  await assertRefused(
    t,
    app,
    { method: 'POST', url: `/reviews/${s.reviewId}/insights`, payload: insight },
    409,
    'ENTRY_WITHDRAWN',
  );
});
