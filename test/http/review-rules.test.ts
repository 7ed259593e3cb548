import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { applyInsight, assertRefused, buildScenario, decline, expectStatus } from './fixtures.ts';

t.test('a completed review takes no more decisions', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  expectStatus(
    await app.request({ method: 'POST', url: `/reviews/${s.reviewId}/completion` }),
    200,
    'completed',
  );

  const base = `/reviews/${s.reviewId}`;
  const insight = {
    finding: 'Late.',
    category: 'how-to-support',
    entryIds: [s.entryIds[0]],
    noRecordReason: 'Known.',
  };
  await assertRefused(
    t,
    app,
    { method: 'POST', url: `${base}/insights`, payload: insight },
    409,
    'REVIEW_ALREADY_COMPLETED',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${base}/actions`,
      payload: { description: 'Ask.', ownerId: s.employees[0], dueOn: '2025-04-01' },
    },
    409,
    'REVIEW_ALREADY_COMPLETED',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `${base}/sharing`,
      payload: { audience: 'whole-team', method: 'Team meeting.' },
    },
    409,
    'REVIEW_ALREADY_COMPLETED',
  );
  await assertRefused(t, app, decline(s.reviewId, s.insightId), 409, 'REVIEW_ALREADY_COMPLETED');
  await assertRefused(
    t,
    app,
    { method: 'POST', url: `${base}/completion` },
    409,
    'REVIEW_ALREADY_COMPLETED',
  );
  expectStatus(await applyInsight(app, s, 0), 201, 'its insight can still be applied');
});

t.test('a review covers entries of its own log, and at least one', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const other = await app.request({
    method: 'POST',
    url: '/learning-logs',
    payload: {
      subject: { kind: 'team', teamId: s.teamId },
      purpose: 'Handovers',
      reviewRhythm: 'each-team-meeting',
    },
  });
  const otherLog = expectStatus(other, 201, 'second log').logId;

  const reviews = `/learning-logs/${otherLog}/reviews`;
  await assertRefused(
    t,
    app,
    { method: 'POST', url: reviews, payload: { entryIds: [s.entryIds[0]] } },
    422,
    'ENTRY_NOT_IN_LOG',
  );
  await assertRefused(
    t,
    app,
    { method: 'POST', url: reviews, payload: { upTo: '2025-12-31T00:00:00Z' } },
    422,
    'NOTHING_TO_REVIEW',
  );
  await assertRefused(
    t,
    app,
    {
      method: 'POST',
      url: `/learning-logs/${s.logId}/reviews`,
      payload: { upTo: '2024-01-01T00:00:00Z' },
    },
    422,
    'NOTHING_TO_REVIEW',
  );
});
