import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import t from 'tap';
import type { EventStore } from '../../src/event-store/port.ts';
import { PostgresEventStore } from '../../src/event-store/postgres.ts';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { migrate } from '../../src/postgres/migrations.ts';
import { createDatabase, freshDatabase, freshEventStore } from '../helpers/postgres.ts';
import { tcpProxy } from '../helpers/tcp-proxy.ts';
import {
  appendsWithOneConflict,
  eventStoreContract,
  newEvent,
  type StoreFixture,
} from './contract.ts';

/**
 * Readers on PostgreSQL see an event once every write transaction that began
 * before it, anywhere in the cluster, has ended. Test files running side by
 * side create and drop databases on the same server, so the contract's
 * "append, then read" first waits here until every transaction older than the
 * write has ended. Everything else is the real store.
 */
function settling(store: EventStore, db: PostgresDatabase): EventStore {
  const settle = async (): Promise<void> => {
    const [now] = await db.query<{ next: string }>(
      'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next',
    );
    for (let waited = 0; waited < 10_000; waited += 5) {
      const [horizon] = await db.query<{ settled: boolean }>(
        'SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::text::xid8 AS settled',
        [now!.next],
      );
      if (horizon!.settled) return;
      await sleep(5);
    }
  };

  return {
    append: async (...args) => {
      const appended = await store.append(...args);
      await settle();
      return appended;
    },
    importEvents: async (events) => {
      await store.importEvents(events);
      await settle();
    },
    readStream: (...args) => store.readStream(...args),
    readAll: (options) => store.readAll(options),
    hasEventsCausedBy: (causationId) => store.hasEventsCausedBy(causationId),
    head: () => store.head(),
    headPosition: () => store.headPosition(),
    subscribe: (after, onEvents) => store.subscribe(after, onEvents),
    close: () => store.close(),
  };
}

/** A store on a database of its own; reopening connects afresh to the same database. */
async function postgresStore(): Promise<StoreFixture> {
  const { url, drop } = await createDatabase();
  const open = async () => {
    const db = new PostgresDatabase(url);
    await migrate(db);
    return { db, store: settling(new PostgresEventStore(db), db) };
  };

  let current = await open();
  const close = async () => {
    await current.store.close();
    await current.db.close().catch(() => {});
  };
  return {
    store: current.store,
    reopen: async () => {
      await close();
      current = await open();
      return current.store;
    },
    cleanup: async () => {
      await close();
      await drop();
    },
  };
}

eventStoreContract(t, 'postgres', postgresStore);

t.test(
  'group commit: appends that wait share one transaction, and a conflict fails alone',
  async (t) => {
    const { store } = await freshEventStore(t);
    await store.append('log-shared', [newEvent(1)], { expectedRevision: 'no-stream' });

    const appends = appendsWithOneConflict(store, 'log-shared');
    const settled = await Promise.allSettled(appends);
    const stored = settled.flatMap((outcome) =>
      outcome.status === 'fulfilled' ? [outcome.value] : [],
    );

    t.equal(stored.length, 21, 'every append but the conflicting one is stored');
    t.ok(
      new Set(stored.map((appended) => appended.commit)).size <= 2,
      'in one or two transactions: one may start at once, the others wait and share the next',
    );
    t.match(
      settled.at(-1),
      { status: 'rejected', reason: { name: 'WrongExpectedRevisionError' } },
      'the conflict fails alone, as if it had run by itself',
    );
    t.same(
      stored.map((appended) => appended.position),
      [...stored.map((appended) => appended.position)].sort((a, b) => a - b),
      'in the order they were asked for',
    );
    t.equal((await store.readStream('log-shared')).length, 2, 'the conflict stored nothing');
  },
);

t.test(
  'an append that breaks a rule of the table undoes its batch, and then fails alone',
  async (t) => {
    const { store } = await freshEventStore(t);
    await store.append('log-first', [newEvent(1)], { expectedRevision: 'no-stream' });

    const settled = await Promise.allSettled([
      store.append('log-a', [newEvent(2)], { expectedRevision: 'no-stream' }),
      // The same event id twice: the table's unique id refuses the whole insert.
      store.append('log-b', [newEvent(3)], { expectedRevision: 'no-stream' }),
      store.append('log-c', [newEvent(3)], { expectedRevision: 'no-stream' }),
      store.append('log-d', [newEvent(4)], { expectedRevision: 'no-stream' }),
    ]);

    t.same(
      settled.map((outcome) => outcome.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
      'only the append that repeats an id fails',
    );
    t.same(
      (await store.readAll({ after: { commit: 0, position: 0 }, limit: 10 })).map((e) => e.stream),
      ['log-first', 'log-a', 'log-b', 'log-d'],
    );
  },
);

t.test('an append inside a caller’s transaction is part of it, and undone with it', async (t) => {
  const { db, store } = await freshEventStore(t);

  await t.rejects(
    db.transaction(async () => {
      await store.append('log-inside', [newEvent(1)], { expectedRevision: 'no-stream' });
      throw new Error('the rest of the work failed');
    }),
  );
  t.same(await store.readStream('log-inside'), [], 'nothing stored');
});

t.test(
  'a stream another transaction holds keeps its own append waiting, and no other',
  async (t) => {
    const { url, store } = await freshEventStore(t);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    t.teardown(() => holder.end());
    await holder.query('BEGIN');
    await holder.query("SELECT pg_advisory_xact_lock(hashtextextended('log-held', 0))");

    const held = store.append('log-held', [newEvent(1)], { expectedRevision: 'no-stream' });
    const others = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.append(`log-free-${i}`, [newEvent(i + 2)], { expectedRevision: 'no-stream' }),
      ),
    );
    t.equal(others.length, 5, 'appends to other streams are stored while that one waits');

    let waited = true;
    void held.then(() => (waited = false));
    await sleep(100);
    t.ok(waited, 'the append to the held stream waits');
    await holder.query('COMMIT');
    t.match(await held, { revision: 0 }, 'and is stored once the stream is free');
  },
);

t.test(
  'appends behind a batch the database never answers are refused after five seconds',
  async (t) => {
    const url = await freshDatabase(t);
    const proxy = await tcpProxy(t, url);
    const db = new PostgresDatabase(proxy.url);
    await migrate(db);
    const store = new PostgresEventStore(db);
    t.teardown(async () => {
      proxy.thaw();
      await store.close();
      await db.close();
    });
    await store.append('log-before', [newEvent(1)], { expectedRevision: 'no-stream' });

    proxy.freeze();
    const stuck = store.append('log-stuck', [newEvent(2)], { expectedRevision: 'no-stream' });
    stuck.catch(() => {});
    await sleep(50);
    const started = Date.now();
    await t.rejects(
      store.append('log-behind', [newEvent(3)], { expectedRevision: 'no-stream' }),
      { name: 'StoreUnavailableError' },
      'the append waiting behind it is refused as unavailable',
    );
    const waited = Date.now() - started;
    t.ok(waited >= 4_000 && waited < 8_000, `after about five seconds (${waited} ms)`);
  },
);
