import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import t from 'tap';
import type { Role } from '../../src/http/auth/api-keys.ts';
import { permittedRoles } from '../../src/http/auth/permissions.ts';
import { problemCatalogue } from '../../src/http/problems.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import {
  hostileRequests,
  operationsOf,
  type ServedDocument,
} from '../helpers/hostile-operations.ts';
import type { Vocabulary } from '../helpers/schema-values.ts';
import { buildScenario, unknownId, type Scenario } from './fixtures.ts';

/*
 * Every operation the app documents, sent hostile bodies, headers, path
 * parameters and query strings derived from its own schema, with a key whose
 * role may call it, so that requests get past the door. Whatever comes in:
 * never a 5xx, every refusal problem+json with a catalogue code, and a
 * refused request appends nothing.
 */

// Fixed, so that a failure can be replayed; LEARNING_LOG_HOSTILE_SEED and _RUNS explore further.
const seed = Number(process.env.LEARNING_LOG_HOSTILE_SEED ?? 20_261_204);
// One operation by its id, for replaying a failure (its seed stays the same).
const only = process.env.LEARNING_LOG_HOSTILE_ONLY;
// PostgreSQL answers more slowly; fewer runs there keep this file near a quarter of a minute.
const runsPerOperation = Number(
  process.env.LEARNING_LOG_HOSTILE_RUNS ??
    (process.env.LEARNING_LOG_TEST_STORE === 'postgres' ? 30 : 100),
);

/** What a request needs besides its body: a scenario and a key for each role. */
interface World extends Scenario {
  readonly keys: Record<Role, string>;
  /** A key no test uses, for revoking. */
  readonly sparePrefix: string;
}

/** The thing each operation acts on, so that an unspoilt request would succeed. */
type Target = (w: World) => { path?: Record<string, string>; headers?: Record<string, string> };

const profile = (w: World) => ({ path: { personId: w.personId } });
const plan = (w: World) => ({ path: { teamId: w.teamId } });
const log = (w: World) => ({ path: { logId: w.logId } });
const entry = (w: World) => ({ path: { entryId: w.entryIds[0] } });
const review = (w: World) => ({ path: { reviewId: w.reviewId } });
const atVersion0 = { 'if-match': '"0"' };

const targets: Record<string, Target> = {
  getHealthLive: () => ({}),
  getHealthReady: () => ({}),
  postPeople: () => ({}),
  getPeople: () => ({}),
  getPeoplePersonId: profile,
  // Someone the other targets do not rest on, should a spoilt request still erase them.
  postPeoplePersonIdErasure: (w) => ({ path: { personId: w.employees[2] } }),
  getPeoplePersonIdSubjectAccess: profile,
  postTeams: () => ({}),
  getTeamsTeamId: plan,
  postTeamsTeamIdMembers: plan,
  deleteTeamsTeamIdMembersPersonId: (w) => ({
    path: { teamId: w.teamId, personId: w.employees[2] },
  }),
  postTeamsTeamIdSupportedPeople: plan,
  deleteTeamsTeamIdSupportedPeoplePersonId: (w) => ({
    path: { teamId: w.teamId, personId: w.personId },
  }),
  postLearningLogs: () => ({}),
  getLearningLogs: () => ({}),
  getReviewQueue: () => ({}),
  getLearningLogsLogId: log,
  postLearningLogsLogIdClosure: log,
  postLearningLogsLogIdEntries: log,
  getLearningLogsLogIdEntries: log,
  getEntriesEntryId: entry,
  postEntriesEntryIdAmendments: entry,
  postEntriesEntryIdWithdrawal: entry,
  getEntriesEntryIdAuditTrail: entry,
  postLearningLogsLogIdReviews: log,
  getReviewsReviewId: review,
  postReviewsReviewIdInsights: review,
  postReviewsReviewIdActions: review,
  postReviewsReviewIdSharing: review,
  postReviewsReviewIdInsightsDecisionIdDecline: (w) => ({
    path: { reviewId: w.reviewId, decisionId: w.insightId },
  }),
  postReviewsReviewIdCompletion: review,
  getPeoplePersonIdProfile: profile,
  getPeoplePersonIdProfileVersions: profile,
  getPeoplePersonIdProfileVersionsVersion: (w) => ({
    path: { personId: w.personId, version: '0' },
  }),
  postPeoplePersonIdProfileChanges: (w) => ({ ...profile(w), headers: atVersion0 }),
  postPeoplePersonIdProfileAcknowledgements: profile,
  getPeoplePersonIdProfileAcknowledgements: profile,
  getPeoplePersonIdProfileAuditTrail: profile,
  getTeamsTeamIdPlan: plan,
  getTeamsTeamIdPlanVersions: plan,
  getTeamsTeamIdPlanVersionsVersion: (w) => ({ path: { teamId: w.teamId, version: '0' } }),
  postTeamsTeamIdPlanChanges: (w) => ({ ...plan(w), headers: atVersion0 }),
  postTeamsTeamIdPlanAcknowledgements: plan,
  getTeamsTeamIdPlanAcknowledgements: plan,
  getTeamsTeamIdPlanAuditTrail: plan,
  getPeoplePersonIdOutstandingAcknowledgements: (w) => ({
    path: { personId: w.employees[0] },
  }),
  getEvents: () => ({}),
  getRecordReads: () => ({}),
  postApiKeys: () => ({}),
  getApiKeys: () => ({}),
  deleteApiKeysPrefix: (w) => ({ path: { prefix: w.sparePrefix } }),
};

t.test('every documented operation has a target here, and every target an operation', async (t) => {
  const app = await buildTestApp(t);
  const served = operationsOf(await documentOf(app))
    .map((operation) => operation.id)
    .sort();
  t.same(Object.keys(targets).sort(), served, 'the targets name exactly the served operations');
});

t.test('hostile requests never get a 5xx, and refusals write nothing', async (t) => {
  const app = await buildTestApp(t, { rateLimit: null });
  const document = await documentOf(app);
  const systemKeys = {
    admin: await app.keyFor('admin'),
    integration: await app.keyFor('integration'),
    auditor: await app.keyFor('auditor'),
  };

  for (const [index, operation] of operationsOf(document).entries()) {
    const name = `${operation.method} ${operation.path}`;
    const target = targets[operation.id];
    if (target === undefined) {
      t.fail(`${name} (${operation.id}) has no target in this test: add one`);
      continue;
    }

    if (only !== undefined && only !== operation.id) continue;

    const world = await worldFor(app, systemKeys, index);
    const role = permittedRoles(operation.id)?.[0] ?? 'admin';
    const base = { ...target(world), key: world.keys[role] };
    const requests = hostileRequests(operation, base, document, vocabularyOf(world));
    try {
      await fc.assert(
        fc.asyncProperty(requests, (request) => expectSafe(app, request)),
        { seed: seed + index, numRuns: runsPerOperation },
      );
      t.pass(`${name}: never a 5xx, and nothing written on refusal`);
    } catch (error) {
      // fast-check names the counterexample and the seed; the cause says what went wrong.
      const { message, cause } = error as Error & { cause?: Error };
      t.fail(`${name}: ${cause?.message ?? ''}\n${message}`);
    }
  }

  const ready = await app.request({ method: 'GET', url: '/health/ready', key: null });
  t.equal(ready.statusCode, 200, 'the service is still ready after it all');
});

async function documentOf(app: TestApp): Promise<ServedDocument> {
  return (await app.request({ method: 'GET', url: '/openapi.json', key: null })).json();
}

/** A fresh scenario per operation, so that what one operation's runs did cannot hide another's. */
async function worldFor(
  app: TestApp,
  systemKeys: Pick<Record<Role, string>, 'admin' | 'integration' | 'auditor'>,
  n: number,
): Promise<World> {
  const scenario = await buildScenario(app, (what) => `${what} ${n}`);
  const spare = await app.keyFor('author');
  return {
    ...scenario,
    keys: { ...systemKeys, author: scenario.employeeKeys[0], reviewer: scenario.reviewerKey },
    sparePrefix: spare.split('_')[1]!,
  };
}

/** Ids that exist, so that some generated requests reach the domain's rules. */
function vocabularyOf(world: World): Vocabulary {
  return {
    ids: [
      ...world.employees,
      world.personId,
      world.teamId,
      world.logId,
      ...world.entryIds,
      world.reviewId,
      world.insightId,
      unknownId,
    ],
    words: ['Swimming', 'Quiet mornings before ten work best.', 'Agreed at the team meeting.'],
  };
}

/** Below 500 and without a trace; a refusal is problem+json with a catalogue code and wrote nothing. */
async function expectSafe(app: TestApp, request: InjectOptions): Promise<void> {
  const before = await app.eventCount();
  const answer = await app.app.inject(request);
  const written = (await app.eventCount()) - before;
  const said = `${request.method} ${String(request.url).slice(0, 120)} answered ${answer.statusCode}`;

  if (answer.statusCode >= 500) throw new Error(`${said}: ${answer.body.slice(0, 300)}`);
  if (/\n\s+at |node_modules|\.ts:\d+/.test(answer.body)) throw new Error(`${said} with a trace`);
  if (answer.statusCode < 400) return;

  if (!/^application\/problem\+json/.test(String(answer.headers['content-type'])))
    throw new Error(`${said} as ${answer.headers['content-type']}, not problem+json`);
  if (written !== 0) throw new Error(`${said} but appended ${written} events`);
  // A HEAD request gets the headers of the answer without its body.
  if (request.method === 'HEAD') return;

  const problem = answer.json() as { code?: string; status?: number };
  if (problem.code === undefined || !(problem.code in problemCatalogue))
    throw new Error(`${said} with code ${problem.code}, not one of the catalogue`);
  if (problem.status !== answer.statusCode) throw new Error(`${said} but says ${problem.status}`);
}
