import t from 'tap';
import { PostgresEventStore } from '../../src/event-store/postgres.ts';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { migrate } from '../../src/postgres/migrations.ts';
import { createDatabase } from '../helpers/postgres.ts';
import { eventStoreContract, type StoreFixture } from './contract.ts';

/** A store on a database of its own; reopening connects afresh to the same database. */
async function postgresStore(): Promise<StoreFixture> {
  const { url, drop } = await createDatabase();
  const open = async () => {
    const db = new PostgresDatabase(url);
    await migrate(db);
    return { db, store: new PostgresEventStore(db) };
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
