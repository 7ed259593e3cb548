import t from 'tap';
import { personIdForExternalRef } from '../../src/application/people.ts';
import { buildTestApp, organisation } from '../helpers/app.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { applyInsight, assertProblem, buildScenario, decline, entryBody } from './fixtures.ts';
import { loadTogether } from './race.ts';

/**
 * Rules that span two streams, raced for real: both requests load what they
 * check at the same moment, as two instances behind a load balancer would.
 */

t.test('two registrations of one external reference at once: one person', async (t) => {
  const app = await buildTestApp(t);
  const register = (name: string) =>
    app.request({
      method: 'POST',
      url: '/people',
      payload: { kind: 'supported-person', displayName: name, externalRef: 'CR-7781' },
    });

  loadTogether(t, app, `person-${personIdForExternalRef(organisation, 'CR-7781')}`);
  const answers = await Promise.all([register('Ada Example'), register('Ada Example-Twin')]);

  const created = answers.filter((answer) => answer.statusCode === 201);
  const refused = answers.filter((answer) => answer.statusCode !== 201);
  t.equal(created.length, 1, 'one registration succeeds');
  t.equal(refused.length, 1, 'the other is refused');
  assertProblem(t, refused[0]!, 409, 'EXTERNAL_REFERENCE_TAKEN', ['body.externalRef']);

  const found = await app.request({ method: 'GET', url: '/people?externalRef=CR-7781' });
  t.same(
    found.json().items.map((p: { personId: string }) => p.personId),
    [created[0]!.json().personId],
    'the reference names that one person',
  );
  t.equal(await app.eventCount(), 1, 'one registration was stored');
});

t.test('an insight applied and declined at the same moment: only one of them', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const before = await app.eventCount();

  // Each loads the profile's stream to see whether the insight is applied.
  loadTogether(t, app, `profile-${s.personId}`);
  const [applied, declined] = await Promise.all([
    applyInsight(app, s),
    app.request({ ...decline(s.reviewId, s.insightId), key: s.reviewerKey }),
  ]);

  const succeeded = [applied, declined].filter((answer) => answer.statusCode < 300);
  t.equal(
    succeeded.length,
    1,
    `exactly one succeeds (${applied.statusCode}, ${declined.statusCode})`,
  );
  t.equal(await app.eventCount(), before + 1, 'and only its event is stored');

  // The loser is told of the race, or, when the winner committed before the loser read the
  // other stream, of the winner's outcome itself: both are the refusal this rule needs.
  const failed = applied.statusCode >= 300 ? applied : declined;
  const reasons =
    failed === applied
      ? ['CONCURRENT_MODIFICATION', 'INSIGHT_ALREADY_DECLINED']
      : ['CONCURRENT_MODIFICATION', 'INSIGHT_ALREADY_APPLIED'];
  t.equal(failed.statusCode, 409, 'the other is refused with 409');
  t.match(failed.headers['content-type'], /^application\/problem\+json/, 'as problem+json');
  t.ok(reasons.includes(failed.json().code), `for the race or its outcome (${failed.json().code})`);
  const review = (await app.request({ method: 'GET', url: `/reviews/${s.reviewId}` })).json();
  const profile = (await app.request({ method: 'GET', url: s.profileUrl })).json();
  const insight = review.decisions.find(
    (d: { decisionId: string }) => d.decisionId === s.insightId,
  );
  t.equal(
    insight.status === 'declined',
    profile.version === 0,
    'the review and the profile agree: declined and not applied, or applied and not declined',
  );
});

t.test(
  'an entry and the closing of its log at the same moment: no entry after the closure',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);

    // Both load the log's stream to see whether it is open.
    loadTogether(t, app, `log-${s.logId}`);
    const [recorded, closed] = await Promise.all([
      app.request({
        method: 'POST',
        url: `/learning-logs/${s.logId}/entries`,
        key: s.employeeKeys[0],
        payload: entryBody((what) => what, '2025-03-12T10:00:00.000Z', [s.employees[0]]),
      }),
      app.request({
        method: 'POST',
        url: `/learning-logs/${s.logId}/closure`,
        payload: { reason: 'Ten swims done.' },
      }),
    ]);

    t.equal(closed.statusCode, 200, 'the log is closed');
    const events = await app.runtime.store.readAll({ after: logStart, limit: 1000 });
    const closure = events.find((event) => event.type === 'LearningLogClosed')!;
    const after = events.filter(
      (event) =>
        event.type === 'LearningEntryRecorded' &&
        event.data.logId === s.logId &&
        event.position > closure.position,
    );
    t.same(
      after,
      [],
      `no entry of the log is stored after its closure (entry: ${recorded.statusCode})`,
    );
    if (recorded.statusCode !== 201) assertProblem(t, recorded, 409, 'CONCURRENT_MODIFICATION');
  },
);
