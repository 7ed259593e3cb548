import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import type { EventStore } from '../../src/event-store/port.ts';
import { PostgresEventStore } from '../../src/event-store/postgres.ts';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { migrate } from '../../src/postgres/migrations.ts';
import { createDatabase } from '../helpers/postgres.ts';
import { eventStoreContract, type StoreFixture } from './contract.ts';

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
