import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { buildScenario, expectStatus } from './fixtures.ts';

t.test('logs list by subject and state, with what waits for review', async (t) => {
  const app = await buildTestApp(t);
  const scenario = await buildScenario(app);

  const all = expectStatus(
    await app.request({ method: 'GET', url: '/learning-logs' }),
    200,
    'list',
  );
  t.strictSame(
    all.items.map((log: { logId: string }) => log.logId),
    [scenario.logId],
    'the one log of the organisation',
  );
  t.equal(all.items[0].unreviewedEntries, 3, 'three entries wait: the review is not completed');

  const bySubject = await app.request({
    method: 'GET',
    url: `/learning-logs?subjectId=${scenario.personId}`,
  });
  t.equal(bySubject.json().items.length, 1, 'found by the person it is about');
  const byOther = await app.request({
    method: 'GET',
    url: `/learning-logs?subjectId=${scenario.teamId}`,
  });
  t.equal(byOther.json().items.length, 0, 'not by another subject');
  const closed = await app.request({ method: 'GET', url: '/learning-logs?status=closed' });
  t.equal(closed.json().items.length, 0, 'no closed logs yet');

  const other = await app.keyFor('reviewer', { tenant: 'another-organisation' });
  const foreign = await app.request({ method: 'GET', url: '/learning-logs', key: other });
  t.equal(foreign.json().items.length, 0, 'another organisation sees none of them');
});

t.test(
  'the review queue shows open logs with entries waiting, and empties when they are reviewed',
  async (t) => {
    const app = await buildTestApp(t);
    const scenario = await buildScenario(app);

    const queue = expectStatus(
      await app.request({ method: 'GET', url: '/review-queue' }),
      200,
      'queue',
    );
    t.equal(queue.items.length, 1, 'the log waits for review');
    t.type(queue.items[0].reviewDue, 'string', 'with the date its rhythm sets');

    const review = await app.request({
      method: 'POST',
      url: `/learning-logs/${scenario.logId}/reviews`,
      payload: { entryIds: [scenario.entryIds[2]] },
    });
    expectStatus(review, 201, 'review the third entry');
    for (const reviewId of [scenario.reviewId, review.json().reviewId]) {
      expectStatus(
        await app.request({ method: 'POST', url: `/reviews/${reviewId}/completion` }),
        200,
        'complete',
      );
    }

    const log = expectStatus(
      await app.request({ method: 'GET', url: `/learning-logs/${scenario.logId}` }),
      200,
      'log',
    );
    t.equal(log.unreviewedEntries, 0, 'nothing waits any more');
    t.ok(log.reviewDue > log.lastReviewedAt, 'the next review falls due after the last one');
    const after = expectStatus(
      await app.request({ method: 'GET', url: '/review-queue' }),
      200,
      'queue again',
    );
    t.equal(after.items.length, 0, 'the queue is empty until the next review falls due');
  },
);

t.test('a log about an erased person leaves the queue: no review of it can be held', async (t) => {
  const app = await buildTestApp(t);
  const scenario = await buildScenario(app);
  const queued = async () =>
    expectStatus(await app.request({ method: 'GET', url: '/review-queue' }), 200, 'queue').items;
  t.equal((await queued()).length, 1, 'the log waits for review');

  expectStatus(
    await app.request({
      method: 'POST',
      url: `/people/${scenario.personId}/erasure`,
      payload: { reason: 'Asked to be forgotten.' },
    }),
    200,
    'erase the person the log is about',
  );
  t.strictSame(await queued(), [], 'the queue no longer offers it');
});

t.test('a review recorded after the meeting keeps the day it was held', async (t) => {
  const app = await buildTestApp(t);
  const scenario = await buildScenario(app);

  const heldAt = '2025-03-12T14:00:00.000Z';
  const review = await app.request({
    method: 'POST',
    url: `/learning-logs/${scenario.logId}/reviews`,
    payload: { entryIds: [scenario.entryIds[2]], heldAt },
  });
  const body = expectStatus(review, 201, 'review recorded afterwards');
  t.equal(body.heldAt, heldAt, 'held on the day given');
  t.not(body.startedAt, heldAt, 'recorded when it was sent');
});
