import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import { defaultOrganisation } from '../../src/bootstrap.ts';
import { personIdForExternalRef } from '../../src/domain/person-ids.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import type { EventStore } from '../../src/event-store/port.ts';
import type { Answer, Instance } from './instances.ts';

/**
 * Registrations of people sent as a client under load would send them, each
 * with a reference and an Idempotency-Key of its own, for the fault tests:
 * what was answered, what was not, and that retries settle the rest.
 */

/** One request of the load and how it went; status 0 when no answer came. */
export interface Outcome {
  readonly n: number;
  readonly status: number;
  readonly code: string | undefined;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  readonly startedAt: number;
  readonly ms: number;
}

export interface LoadOptions {
  /** Names the people, their references and the keys: `Outage Example 3`, `OUTAGE-3`, `outage-3`. */
  readonly name: string;
  readonly writers: number;
  /** A writer refused (503, say) waits this long before its next write, so an outage is not a busy loop. */
  readonly pauseAfterRefusalMs?: number;
  /** A request unanswered after this long counts as hung. */
  readonly timeoutMs?: number;
  /** Told of every request as soon as it is answered (or given up). */
  readonly onOutcome?: (outcome: Outcome) => void;
}

export const registration = (name: string, n: number) => ({
  kind: 'supported-person',
  displayName: `${name} Example ${n}`,
  externalRef: `${name.toUpperCase()}-${n}`,
});

const idempotencyKey = (name: string, n: number) => `${name.toLowerCase()}-${n}`;

/** Writes until told to stop; every write is either answered 201 or left for a retry. */
export async function registerUntil(
  server: Instance,
  key: string,
  options: LoadOptions,
  until: () => boolean,
) {
  const answered = new Map<number, string>();
  const unanswered = new Set<number>();
  const outcomes: Outcome[] = [];
  let next = 0;

  await Promise.all(
    Array.from({ length: options.writers }, async () => {
      while (!until()) {
        const n = (next += 1);
        const startedAt = performance.now();
        let answer: Answer | undefined;
        try {
          answer = await server.request('POST', '/people', {
            key,
            body: registration(options.name, n),
            headers: { 'idempotency-key': idempotencyKey(options.name, n) },
            timeoutMs: options.timeoutMs,
          });
        } catch {
          // The connection died with the process, or no answer came in time: its fate is unknown.
        }
        const outcome = outcomeOf(n, answer, startedAt);
        outcomes.push(outcome);
        options.onOutcome?.(outcome);
        if (answer?.status === 201) answered.set(n, answer.body.personId as string);
        else {
          unanswered.add(n);
          await sleep(options.pauseAfterRefusalMs ?? 0);
        }
      }
    }),
  );
  return { answered, unanswered, outcomes };
}

export function outcomeOf(n: number, answer: Answer | undefined, startedAt: number): Outcome {
  return {
    n,
    status: answer?.status ?? 0,
    code: answer?.body.code as string | undefined,
    contentType: answer?.headers.get('content-type') ?? null,
    retryAfter: answer?.headers.get('retry-after') ?? null,
    startedAt,
    ms: performance.now() - startedAt,
  };
}

/** How a retry settled: under its own key, or under a new one that found it stored or stored it. */
export type Settled = 'same key' | 'new key, stored before' | 'new key, stored now';

/**
 * Sends every unanswered write again with its Idempotency-Key and fails the
 * test for any that does not settle: stored now, or known to be stored.
 */
export async function retryUnanswered(
  t: Test,
  server: Instance,
  key: string,
  name: string,
  unanswered: ReadonlySet<number>,
  /** How long to keep retrying a key still in progress before trying a new one. */
  patienceMs = 0,
): Promise<Map<number, Settled>> {
  const retry = (n: number, idempotency: string) =>
    server.request('POST', '/people', {
      key,
      body: registration(name, n),
      headers: { 'idempotency-key': idempotency },
    });
  const settled = new Map<number, Settled>();
  const settle = async (n: number): Promise<void> => {
    let answer = await retry(n, idempotencyKey(name, n));
    for (const started = performance.now(); performance.now() - started < patienceMs;) {
      if (answer.body.code !== 'IDEMPOTENCY_REQUEST_IN_PROGRESS') break;
      await sleep(250);
      answer = await retry(n, idempotencyKey(name, n));
    }
    let how: Settled = 'same key';
    // A claim whose request never finished stays in progress for a minute, and a write stored
    // before the read models stopped replays its 503. The reference tells instead: a second
    // registration of it is refused if the first was stored.
    if (
      ['IDEMPOTENCY_REQUEST_IN_PROGRESS', 'READ_MODELS_BEHIND'].includes(String(answer.body.code))
    ) {
      answer = await retry(n, `${idempotencyKey(name, n)}-again`);
      how = answer.status === 201 ? 'new key, stored now' : 'new key, stored before';
    }
    const ok =
      answer.status === 201 ||
      ['IDEMPOTENCY_REQUEST_INTERRUPTED', 'EXTERNAL_REFERENCE_TAKEN'].includes(
        answer.body.code as string,
      );
    if (ok) settled.set(n, how);
    else t.fail(`retry of ${n} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };
  // As many at once as the load had writers, so that waiting out one key does not hold up the rest.
  const queue = [...unanswered];
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await settle(n);
    }),
  );
  return settled;
}

/**
 * Checks the log against what the load was told: every write answered 201 is
 * stored, and every write (answered, or settled by its retry) exactly once.
 * Other people in the log, written outside the load, are not counted.
 */
export async function checkEveryWriteStoredOnce(
  t: Test,
  store: EventStore,
  name: string,
  load: { answered: ReadonlyMap<number, string>; unanswered: ReadonlySet<number> },
): Promise<void> {
  const sent = [...load.answered.keys(), ...load.unanswered];
  const ids = new Set(
    sent.map((n) => personIdForExternalRef(defaultOrganisation, registration(name, n).externalRef)),
  );
  const events = await store.readAll({ after: logStart, limit: 100_000 });
  const registered = events
    .filter((event) => event.type === 'PersonRegistered')
    .map((event) => event.data.personId as string)
    .filter((personId) => ids.has(personId));
  t.equal(new Set(registered).size, registered.length, 'no write is stored twice');
  t.ok(
    [...load.answered.values()].every((personId) => registered.includes(personId)),
    'every write answered 2xx is stored',
  );
  t.equal(
    registered.length,
    load.answered.size + load.unanswered.size,
    'and every write not answered, once retried, is stored exactly once too',
  );
}
