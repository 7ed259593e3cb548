import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import t, { type Test } from 'tap';
import { verifyReadModels } from '../../projections/engine/verify.ts';
import { openRuntime, projections } from '../../src/runtime.ts';
import { exited, firstAdminKey, startInstance } from '../helpers/instances.ts';
import {
  checkEveryWriteStoredOnce,
  registerUntil,
  retryUnanswered,
} from '../helpers/registrations.ts';

/*
 * The embedded store under load, killed without warning (SIGKILL) at several
 * moments and started again on the same folder. Every write that was answered
 * 2xx must be there exactly once; every write that was not is retried with
 * its Idempotency-Key and must end up there exactly once too; and the read
 * models must equal a fresh rebuild of the log.
 */

const name = 'Crash';
const writers = 6;

async function crashAndRecover(t: Test, killAfterMs: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'learning-log-crash-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { LEARNING_LOG_DATA_DIR: dataDir, LEARNING_LOG_RATE_LIMIT: 'off' };

  const first = await startInstance(t, env);
  const key = await firstAdminKey(first);
  let killed = false;
  const writing = registerUntil(first, key, { name, writers }, () => killed);
  await sleep(killAfterMs);
  first.child.kill('SIGKILL');
  killed = true;
  await exited(first.child);
  const load = await writing;
  t.ok(load.answered.size > 0, `writes were answered before the kill (${load.answered.size})`);
  t.comment(`${load.unanswered.size} writes were cut off by the kill`);

  const second = await startInstance(t, env);
  for (const [n, personId] of load.answered) {
    const read = await second.request('GET', `/people/${personId}`, { key });
    if (read.status !== 200) t.fail(`answered write ${n} is missing after the restart`);
  }
  await retryUnanswered(t, second, key, name, load.unanswered);
  second.child.kill('SIGTERM');
  await exited(second.child);

  const runtime = await openRuntime(
    { databaseFile: join(dataDir, 'learning-log.db'), readModelWaitMs: 5000 },
    pino({ level: 'silent' }),
  );
  t.teardown(() => runtime.close());
  await checkEveryWriteStoredOnce(t, runtime.store, name, load);
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
