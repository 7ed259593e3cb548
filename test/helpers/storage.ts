import type { Test } from 'tap';
import { openPostgresStorage } from '../../src/storage/postgres.ts';
import { openSqliteStorage } from '../../src/storage/sqlite.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { freshDatabase } from './postgres.ts';

const quiet = { info() {}, warn() {} };

/** Each store the service runs on, opened empty for one test and closed after it. */
export const storages: Record<Storage['kind'], (t: Test) => Promise<Storage>> = {
  sqlite: async (t) => {
    const storage = openSqliteStorage(':memory:');
    t.teardown(() => storage.close());
    return storage;
  },
  postgres: async (t) => {
    const storage = await openPostgresStorage(await freshDatabase(t), quiet);
    // Registered after the database's own teardown, so it runs first (tap runs them in reverse).
    t.teardown(() => storage.close());
    return storage;
  },
};
