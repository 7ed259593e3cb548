import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { verifyReadModels } from '../../projections/engine/verify.ts';
import { readModelsChannel } from '../../projections/engine/postgres-read-store.ts';
import { eventsChannel } from '../../src/event-store/postgres-batch.ts';
import { PostgresDatabase, serverApplicationName } from '../../src/postgres/database.ts';
import { projections } from '../../src/runtime.ts';
import { openPostgresStorage } from '../../src/storage/postgres.ts';
import { eventually } from '../helpers/eventually.ts';
import { firstAdminKey, startInstance, type Instance } from '../helpers/instances.ts';
import { masterKeyEnv } from '../helpers/postgres.ts';
import {
  checkEveryWriteStoredOnce,
  outcomeOf,
  registerUntil,
  registration,
  retryUnanswered,
  type Outcome,
} from '../helpers/registrations.ts';
import { throwawayCluster } from '../helpers/throwaway-postgres.ts';

/*
 * The PostgreSQL server stops under load (as in a crash, or a failover) and
 * comes back a few seconds later on the same data. Meanwhile every request
 * must be refused at once with a 503 a client can act on, the process must
 * live on, and once the database is back the service must recover by itself:
 * writes go through, the read models catch up, nothing answered is lost.
 */

const name = 'Outage';
const writers = 6;
/** "At once": a refusal takes a round trip to a closed port, far below this even on a busy machine. */
const quickMs = 5_000;
const readModelWaitMs = 2_000;
/** Recovery includes the pool, the listener and the projection lock finding the server again. */
const recoveryMs = 30_000;

for (const mode of ['immediate', 'fast'] as const) {
  t.test(`the database stops (${mode}) under load and comes back`, (t) => outage(t, mode));
}

async function outage(t: Test, mode: 'immediate' | 'fast'): Promise<void> {
  const cluster = await throwawayCluster(t);
  const server = await startInstance(t, {
    LEARNING_LOG_STORE: 'postgres',
    DATABASE_URL: cluster.url,
    LEARNING_LOG_RATE_LIMIT: 'off',
    // Writes stored just before the stop wait this long for the read models, then answer 503:
    // shorter than the outage, so that every writer writes again while the database is down.
    LEARNING_LOG_READ_MODEL_WAIT_MS: String(readModelWaitMs),
    ...masterKeyEnv,
  });
  const key = await firstAdminKey(server);

  let stopLoad = false;
  let up: number | undefined;
  let recovered: number | undefined;
  const writing = registerUntil(
    server,
    key,
    {
      name,
      writers,
      pauseAfterRefusalMs: 250,
      timeoutMs: recoveryMs,
      onOutcome(outcome) {
        if (up === undefined || outcome.status !== 201 || outcome.startedAt < up) return;
        recovered ??= Math.round(outcome.startedAt + outcome.ms - up);
      },
    },
    () => stopLoad,
  );
  const reading = readUntil(server, key, () => stopLoad);
  await sleep(1_000);

  const stopping = performance.now();
  await cluster.stop(mode);
  const down = performance.now();
  await sleep(500);
  await checkNotReady(t, server);
  await sleep(readModelWaitMs + 1_500);

  const starting = performance.now();
  await cluster.start();
  up = performance.now();
  t.ok(
    await eventually(() => recovered !== undefined, recoveryMs),
    `writes answer 201 again by themselves (${recovered} ms after)`,
  );
  stopLoad = true;
  const load = await writing;
  const reads = await reading;

  t.equal(server.child.exitCode, null, 'the service process lives through the outage');
  const all = [...load.outcomes, ...reads];
  t.notOk(
    all.some((outcome) => outcome.status === 0),
    'no request is left unanswered: none hangs, none loses its connection',
  );
  t.same(
    unexpected(all, (o) => [200, 201, 503].includes(o.status)),
    [],
    'every answer is a success or a 503: no internal error, no refusal of a good request',
  );
  t.ok(
    load.outcomes.some((outcome) => outcome.startedAt < stopping && outcome.status === 201),
    'writes were answered before the outage',
  );

  const isDown = (o: Outcome) => o.startedAt >= down && o.startedAt + o.ms <= starting;
  const whileDown = all.filter(isDown);
  t.ok(
    load.outcomes.filter(isDown).length > writers && reads.filter(isDown).length > 1,
    `writes and reads were sent while the database was down (${whileDown.length})`,
  );
  t.same(
    unexpected(whileDown, (o) => o.status === 503 && o.code === 'STORE_UNAVAILABLE'),
    [],
    'every one of them is refused with 503 STORE_UNAVAILABLE',
  );
  t.same(
    unexpected(whileDown, (o) => o.contentType?.startsWith('application/problem+json') === true),
    [],
    'as problem+json',
  );
  t.same(
    unexpected(whileDown, (o) => o.retryAfter !== null),
    [],
    'with Retry-After',
  );
  t.same(
    unexpected(whileDown, (o) => o.ms < quickMs),
    [],
    `each within ${quickMs} ms`,
  );

  await checkRecovered(t, server, key);
  await checkListeners(t, cluster.url);
  const retried = await retryUnanswered(t, server, key, name, load.unanswered, quickMs);
  t.same(
    [...retried].filter(([, how]) => how === 'new key, stored now'),
    [],
    'a key still in progress after the outage is one whose write was stored',
  );
  const storedBefore = [...retried.values()].filter((how) => how !== 'same key').length;
  t.comment(
    `${load.answered.size} writes answered, ${whileDown.length} requests refused while down, ` +
      `${retried.size} writes retried (${storedBefore} of them found stored under a new key)`,
  );

  const storage = await openPostgresStorage(cluster.url, { info() {}, warn() {} });
  t.teardown(() => storage.close());
  await checkEveryWriteStoredOnce(t, storage.store, name, load);
  const caughtUp = async () => {
    const { body } = await server.request('GET', '/health/ready');
    return body.position === body.head;
  };
  t.ok(await eventually(caughtUp, recoveryMs), 'the read models reach the head of the log');
  t.same(
    await verifyReadModels(storage.store, storage.readStore, projections),
    [],
    'the read models equal a fresh rebuild of the log',
  );
  t.notMatch(server.output(), `${name} Example`, 'no name reaches the log, failing or not');
}

/** Reads people already written, and the list, until told to stop. */
async function readUntil(server: Instance, key: string, until: () => boolean) {
  const outcomes: Outcome[] = [];
  let known: string | undefined;
  for (let n = 0; !until(); n += 1) {
    const path =
      n % 2 === 0 || known === undefined
        ? `/people?externalRef=${registration(name, (n % 20) + 1).externalRef}`
        : `/people/${known}`;
    const startedAt = performance.now();
    const answer = await server
      .request('GET', path, { key, timeoutMs: recoveryMs })
      .catch(() => undefined);
    outcomes.push(outcomeOf(n, answer, startedAt));
    const listed = (answer?.body.items as { personId: string }[] | undefined)?.[0];
    known = listed?.personId ?? known;
    await sleep(answer?.status === 200 ? 10 : 100);
  }
  return outcomes;
}

/** Readiness is what a load balancer asks: it must take the instance out while the store is away. */
async function checkNotReady(t: Test, server: Instance): Promise<void> {
  const startedAt = performance.now();
  const ready = await server.request('GET', '/health/ready', { timeoutMs: quickMs });
  t.equal(ready.status, 503, 'readiness answers 503 while the database is down');
  t.match(ready.body, { status: 'not-ready', storeAvailable: false }, 'and says the store is away');
  t.ok(performance.now() - startedAt < quickMs, 'at once');
  const live = await server.request('GET', '/health/live', { timeoutMs: quickMs });
  t.equal(live.status, 200, 'while the process itself stays live');
}

/**
 * The service listens again once the database is back, on exactly one
 * connection per channel: a reconnection that raced another would show as a
 * second listener, a listener that gave up as none.
 */
async function checkListeners(t: Test, url: string): Promise<void> {
  const db = new PostgresDatabase(url, { applicationName: 'outage-test' });
  t.teardown(() => db.close());
  const expected = [
    [`LISTEN ${eventsChannel}`, 1],
    [`LISTEN ${readModelsChannel}`, 1],
  ];
  const listening = async () =>
    (
      await db.query<{ query: string; n: string }>(
        `SELECT query, COUNT(*) AS n FROM pg_stat_activity
          WHERE application_name = $1 AND query LIKE 'LISTEN %' GROUP BY query ORDER BY query`,
        [serverApplicationName],
      )
    ).map(({ query, n }) => [query, Number(n)]);
  await eventually(async () => JSON.stringify(await listening()) === JSON.stringify(expected));
  t.same(await listening(), expected, 'one listener per channel, none left over from before');
}

/** After recovery a write is readable at once, and the instance is ready and projecting again. */
async function checkRecovered(t: Test, server: Instance, key: string): Promise<void> {
  const written = await server.request('POST', '/people', {
    key,
    body: registration('Recovered', 1),
  });
  t.equal(written.status, 201, 'a write after recovery is answered 201');
  const read = await server.request('GET', `/people/${written.body.personId as string}`, { key });
  t.equal(read.status, 200, 'and readable at once: the read models are kept again');

  const ready = () => server.request('GET', '/health/ready');
  await eventually(async () => (await ready()).status === 200, recoveryMs);
  t.match(
    (await ready()).body,
    { status: 'ready', storeAvailable: true, projecting: true },
    'readiness is back, this instance keeping the read models',
  );
}

/** The outcomes that break a rule, in short, for a failure message. */
function unexpected(outcomes: readonly Outcome[], rule: (outcome: Outcome) => boolean) {
  return outcomes
    .filter((outcome) => !rule(outcome))
    .map(({ status, code, ms }) => ({ status, code, ms: Math.round(ms) }));
}
