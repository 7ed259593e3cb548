import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import t, { type Test } from 'tap';
import { verifyReadModels } from '../../projections/engine/verify.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { openRuntime, projections } from '../../src/runtime.ts';
import { adminKeyOf, exited, startInstance, type Instance } from '../helpers/instances.ts';

/*
 * The embedded store under load, killed without warning (SIGKILL) at several
 * moments and started again on the same folder. Every write that was answered
 * 2xx must be there exactly once; every write that was not is retried with
 * its Idempotency-Key and must end up there exactly once too; and the read
 * models must equal a fresh rebuild of the log.
 */

const writers = 6;

const registration = (n: number) => ({
  kind: 'supported-person',
  displayName: `Crash Example ${n}`,
  externalRef: `CRASH-${n}`,
});

/** Writes until told to stop, each with its own reference and Idempotency-Key. */
async function load(server: Instance, key: string, until: () => boolean) {
  const answered = new Map<number, string>();
  const unanswered = new Set<number>();
  let next = 0;

  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (!until()) {
        const n = (next += 1);
        try {
          const answer = await server.request('POST', '/people', {
            key,
            body: registration(n),
            headers: { 'idempotency-key': `crash-${n}` },
          });
          if (answer.status === 201) answered.set(n, answer.body.personId as string);
          else unanswered.add(n);
        } catch {
          // The connection died with the process: this write's fate is unknown.
          unanswered.add(n);
        }
      }
    }),
  );
  return { answered, unanswered };
}

async function crashAndRecover(t: Test, killAfterMs: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'learning-log-crash-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { LEARNING_LOG_DATA_DIR: dataDir, LEARNING_LOG_RATE_LIMIT: 'off' };

  const first = await startInstance(t, env);
  const key = await adminKeyOf(first);
  let killed = false;
  const writing = load(first, key, () => killed);
  await sleep(killAfterMs);
  first.child.kill('SIGKILL');
  killed = true;
  await exited(first.child);
  const { answered, unanswered } = await writing;
  t.ok(answered.size > 0, `writes were answered before the kill (${answered.size})`);
  t.comment(`${unanswered.size} writes were cut off by the kill`);

  const second = await startInstance(t, env);
  for (const [n, personId] of answered) {
    const read = await second.request('GET', `/people/${personId}`, { key });
    if (read.status !== 200) t.fail(`answered write ${n} is missing after the restart`);
  }
  const retry = (n: number, idempotencyKey: string) =>
    second.request('POST', '/people', {
      key,
      body: registration(n),
      headers: { 'idempotency-key': idempotencyKey },
    });
  for (const n of unanswered) {
    let answer = await retry(n, `crash-${n}`);
    // A claim the killed process held stays in progress for a minute. Its reference tells
    // instead: a second registration of it is refused if the first was stored.
    if (answer.body.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS') {
      answer = await retry(n, `crash-${n}-again`);
    }
    const settled =
      answer.status === 201 ||
      ['IDEMPOTENCY_REQUEST_INTERRUPTED', 'EXTERNAL_REFERENCE_TAKEN'].includes(
        answer.body.code as string,
      );
    if (!settled) t.fail(`retry of ${n} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  second.child.kill('SIGTERM');
  await exited(second.child);

  const runtime = await openRuntime(
    { databaseFile: join(dataDir, 'learning-log.db'), readModelWaitMs: 5000 },
    pino({ level: 'silent' }),
  );
  t.teardown(() => runtime.close());
  const events = await runtime.store.readAll({ after: logStart, limit: 100_000 });
  const registered = events
    .filter((event) => event.type === 'PersonRegistered')
    .map((event) => event.data.personId as string);
  t.equal(new Set(registered).size, registered.length, 'no write is stored twice');
  t.ok(
    [...answered.values()].every((personId) => registered.includes(personId)),
    'every write answered 2xx is stored',
  );
  t.equal(
    registered.length,
    answered.size + unanswered.size,
    'and every write not answered, once retried, is stored exactly once too',
  );
  t.same(
    await verifyReadModels(runtime.store, runtime.readStore, projections),
    [],
    'the read models equal a fresh rebuild of the log',
  );
}

for (const killAfterMs of [150, 600, 1500]) {
  t.test(`killed ${killAfterMs} ms into the load, nothing answered is lost`, (t) =>
    crashAndRecover(t, killAfterMs),
  );
}
