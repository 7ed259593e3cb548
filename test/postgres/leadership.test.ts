import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { Leadership } from '../../src/postgres/leadership.ts';
import { lockKeys, lockSpace } from '../../src/postgres/migrations.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { eventually } from '../helpers/eventually.ts';
import { tcpProxy } from '../helpers/tcp-proxy.ts';

/*
 * The projection lock across network faults: an instance that loses its
 * connection gives the read models up at once and takes them again when the
 * database is back, and no attempt can leave the lock held by a session
 * nobody uses, which would stop every instance from projecting for good.
 */

const quiet = { info() {}, warn() {} };

async function leadershipBehindProxy(t: Test) {
  const url = await freshDatabase(t);
  const direct = new PostgresDatabase(url);
  const proxy = await tcpProxy(t, url);
  const db = new PostgresDatabase(proxy.url);
  const turns: string[] = [];
  const leadership = new Leadership(
    db,
    quiet,
    { onGain: async () => void turns.push('gain'), onLose: () => void turns.push('lose') },
    { intervalMs: 100, answerWithinMs: 1_000 },
  );
  t.teardown(async () => {
    await leadership.stop();
    await db.close();
    await direct.close();
  });
  return { direct, proxy, db, leadership, turns };
}

/** Sessions of this database holding the projection lock, as the server sees them. */
async function lockHolders(direct: PostgresDatabase): Promise<number> {
  const [row] = await direct.query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND classid::bigint = $1 AND objid::bigint = $2
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [lockSpace, lockKeys.projections],
  );
  return Number(row!.n);
}

t.test(
  'a leader cut off from the database takes the read models again when it is back',
  async (t) => {
    const { direct, proxy, leadership, turns } = await leadershipBehindProxy(t);
    await leadership.start();
    t.ok(leadership.isLeader, 'leads to begin with');

    proxy.hold();
    proxy.cut();
    t.ok(await eventually(() => !leadership.isLeader, 5_000), 'gives the read models up at once');
    await sleep(1_000);
    proxy.release();

    t.ok(await eventually(() => leadership.isLeader, 10_000), 'and takes them again by itself');
    t.same(turns, ['gain', 'lose', 'gain'], 'projecting stopped once and started once again');
    t.equal(await lockHolders(direct), 1, 'on one session');
  },
);

t.test('an attempt to lead that gets no answer leaves no session holding the lock', async (t) => {
  const { direct, proxy, db, leadership } = await leadershipBehindProxy(t);
  // The network stops carrying just after the connection for the lock is made.
  const connect = db.dedicatedClient.bind(db);
  db.dedicatedClient = async () => {
    const client = await connect();
    db.dedicatedClient = connect;
    proxy.freeze();
    return client;
  };

  const trying = leadership.start().then(() => 'given up');
  t.equal(
    await Promise.race([trying, sleep(2_500, 'still waiting')]),
    'given up',
    'the attempt without an answer is given up, not waited on',
  );
  // Whatever was sent arrives late: had the session been kept, it would get the lock now.
  proxy.thaw();

  t.ok(await eventually(() => leadership.isLeader, 10_000), 'the instance leads once it is back');
  t.equal(await lockHolders(direct), 1, 'and no forgotten session holds the lock beside it');
});
