import t from 'tap';
import { personIdForExternalRef } from '../../src/application/people.ts';
import { buildTestApp, organisation } from '../helpers/app.ts';
import { applyInsight, assertProblem, buildScenario, decline } from './fixtures.ts';
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

  const failed = [applied, declined].find((answer) => answer.statusCode >= 300)!;
  assertProblem(t, failed, 409, 'CONCURRENT_MODIFICATION');
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
