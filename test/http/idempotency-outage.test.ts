import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { StoreUnavailableError } from '../../src/event-store/errors.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { assertProblem } from './fixtures.ts';

/*
 * A request that ends while the database is away can neither free its
 * Idempotency-Key nor keep its answer there. The 503 tells the client to
 * retry in a second; once the database is back, that retry must run (or
 * replay), not hear "still running" for the minute a crashed claim waits.
 */

/** Makes some of a store's methods fail as an unreachable database does, until `back()`. */
function away<S extends object>(t: Test, store: S, methods: readonly (keyof S)[]) {
  let down = true;
  for (const name of methods) {
    const original = store[name] as (...args: unknown[]) => Promise<unknown>;
    store[name] = (async (...args: unknown[]) => {
      if (down) throw new StoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      return original.apply(store, args);
    }) as S[typeof name];
    t.teardown(() => {
      store[name] = original as S[typeof name];
    });
  }
  return { back: () => (down = false) };
}

const register = (key: string) =>
  ({
    method: 'POST',
    url: '/people',
    headers: { 'idempotency-key': key },
    payload: { kind: 'employee', displayName: 'Patient Example' },
  }) as const;

/** Retries until the answer is no longer "still running", for at most a few seconds. */
async function retrySettled(app: TestApp, key: string) {
  for (let tries = 0; ; tries += 1) {
    const answer = await app.request(register(key));
    if (answer.json().code !== 'IDEMPOTENCY_REQUEST_IN_PROGRESS' || tries === 25) return answer;
    await sleep(200);
  }
}

t.test('a write refused while the database is away frees its key once it is back', async (t) => {
  const app = await buildTestApp(t);
  const database = away(t, app.runtime.store, ['append', 'hasEventsCausedBy'] as const);
  const idempotency = away(t, app.runtime.idempotency, ['release'] as const);

  assertProblem(t, await app.request(register('outage-1')), 503, 'STORE_UNAVAILABLE');
  database.back();
  idempotency.back();

  const retried = await retrySettled(app, 'outage-1');
  t.equal(retried.statusCode, 201, 'the retry with the same key runs');
  t.equal(await app.eventCount(), 1, 'and writes once');
});

t.test('an answer the database could not keep is kept once it is back', async (t) => {
  const app = await buildTestApp(t);
  const idempotency = away(t, app.runtime.idempotency, ['complete'] as const);

  const first = await app.request(register('outage-2'));
  t.equal(first.statusCode, 201, 'the write itself went through');
  idempotency.back();

  const retried = await retrySettled(app, 'outage-2');
  t.equal(retried.statusCode, 201, 'the retry with the same key replays the answer');
  t.equal(retried.headers['idempotent-replayed'], 'true', 'as a replay');
  t.equal(retried.json().personId, first.json().personId, 'of the same person');
  t.equal(await app.eventCount(), 1, 'written once');
});
