import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import {
  PostgresReadStore,
  readModelsChannel,
} from '../../projections/engine/postgres-read-store.ts';
import { eventsChannel } from '../../src/event-store/postgres-batch.ts';
import { PostgresEventStore } from '../../src/event-store/postgres.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { migrate } from '../../src/postgres/migrations.ts';
import { ReadModelWatcher } from '../../src/postgres/read-model-watcher.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { eventually } from '../helpers/eventually.ts';
import { tcpProxy } from '../helpers/tcp-proxy.ts';

/*
 * The connections that LISTEN for commits (the event store's subscriptions
 * and the read-model watcher) across network faults: they come back by
 * themselves, one per channel, however slowly the network lets them.
 */

/** A database reached through a relay the test can cut and hold, and one reached directly. */
async function behindProxy(t: Test) {
  const url = await freshDatabase(t);
  const direct = new PostgresDatabase(url);
  await migrate(direct);
  const proxy = await tcpProxy(t, url);
  const db = new PostgresDatabase(proxy.url);
  t.teardown(async () => {
    await db.close();
    await direct.close();
  });
  return { direct, proxy, db };
}

/** Sessions of this database listening on `channel`, counted by the server itself. */
async function listening(direct: PostgresDatabase, channel: string): Promise<number> {
  const [row] = await direct.query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND query = $1`,
    [`LISTEN ${channel}`],
  );
  return Number(row!.n);
}

/** Cuts the network, then lets new connections hang for a while before it carries them. */
async function slowOutage(proxy: Awaited<ReturnType<typeof tcpProxy>>): Promise<void> {
  proxy.hold();
  proxy.cut();
  await sleep(1_500);
  proxy.release();
}

/** Each user of a listening connection, started on `db`; returns how to stop it. */
const listeners = {
  'the read-model watcher': {
    channel: readModelsChannel,
    async start(db: PostgresDatabase) {
      const watcher = new ReadModelWatcher(db, new PostgresReadStore(db), ['directory']);
      await watcher.start();
      return () => watcher.stop();
    },
  },
  'a subscription to the events': {
    channel: eventsChannel,
    async start(db: PostgresDatabase) {
      const subscription = new PostgresEventStore(db).subscribe(logStart, async () => {});
      return async () => subscription.close();
    },
  },
};

for (const [name, { channel, start }] of Object.entries(listeners)) {
  t.test(`${name} listens again, once, however slow the network`, async (t) => {
    const { direct, proxy, db } = await behindProxy(t);
    t.teardown(await start(db));
    const listeningOnce = async () => (await listening(direct, channel)) === 1;
    t.ok(await eventually(listeningOnce), 'one listener to begin with');

    await slowOutage(proxy);

    t.ok(await eventually(listeningOnce), 'listening again');
    await sleep(1_000);
    t.equal(await listening(direct, channel), 1, 'on one connection, not one per attempt');
  });
}

t.test('a listener whose connection arrives after it stopped closes that connection', async (t) => {
  const { direct, proxy, db } = await behindProxy(t);
  const watcher = new ReadModelWatcher(db, new PostgresReadStore(db), ['directory']);
  proxy.hold();
  const starting = watcher.start();
  await sleep(300);
  await watcher.stop();
  proxy.release();
  await starting;

  await sleep(1_000);
  t.equal(await listening(direct, readModelsChannel), 0, 'nothing is left listening');
});
