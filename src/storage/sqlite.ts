import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { SqliteReadStore } from '../../projections/engine/sqlite-read-store.ts';
import { SqliteIdempotencyStore } from '../application/idempotency-sqlite.ts';
import { isStoreUnavailable } from '../event-store/errors.ts';
import { openSqliteDatabase, SqliteEventStore } from '../event-store/sqlite.ts';
import { SqliteApiKeys } from '../http/auth/api-keys-sqlite.ts';
import { markServer, StoreInUseError } from '../server-lock.ts';
import { SqlitePersonKeys } from '../personal-data/key-store-sqlite.ts';
import { SqliteReadAudit } from '../read-audit/sqlite.ts';
import type { Storage } from './storage.ts';

/**
 * The read log's own connection to the same file. Its commits do not wait for
 * the disk (synchronous=NORMAL): in WAL mode a record is safe from a crash of
 * the service as soon as it commits, and reaches the disk with the next event
 * written or checkpoint, so a power cut can lose only the last moments of
 * reads. Waiting for the disk on every batch would stop the whole server for
 * each one, since the driver is synchronous (see bench/RESULTS.md).
 */
function openReadLogConnection(file: string): Database.Database {
  const connection = new Database(file);
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  return connection;
}

/** One row, rewritten by each readiness check to learn whether the disk takes a write. */
const probeSchema = `
  CREATE TABLE IF NOT EXISTS write_probe (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    probed_at TEXT NOT NULL
  );
`;

/** The embedded store: one SQLite file (or `:memory:`), served by one process. */
export function openSqliteStorage(file: string): Storage {
  const db = openSqliteDatabase(file);
  const store = new SqliteEventStore(db);
  const readLog = file === ':memory:' ? db : openReadLogConnection(file);
  db.exec(probeSchema);
  const probe = db.prepare(
    `INSERT INTO write_probe (id, probed_at) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at`,
  );

  return {
    kind: 'sqlite',
    store,
    readStore: new SqliteReadStore(db),
    apiKeys: new SqliteApiKeys(db),
    idempotency: new SqliteIdempotencyStore(db),
    readAudit: new SqliteReadAudit(readLog),
    personKeys: new SqlitePersonKeys(db),
    async snapshot(read) {
      // One read transaction: every read inside sees the same moment, even while a server writes.
      db.exec('BEGIN');
      try {
        return await read();
      } finally {
        db.exec('COMMIT');
      }
    },
    async writable() {
      try {
        probe.run(new Date().toISOString());
        return true;
      } catch (error) {
        if (isStoreUnavailable(error)) return false;
        throw error;
      }
    },
    async keepReadModels(projector, project) {
      // One server per file (see server-lock.ts), so its projector is the only one.
      if (project) await projector.start();
      return {
        wait: projector,
        isProjecting: () => project,
        anyoneProjecting: async () => project,
        stop: async () => projector.stop(),
      };
    },
    async holdReadModels() {
      try {
        const unmark = markServer(file === ':memory:' ? file : dirname(file));
        return async () => unmark();
      } catch (error) {
        if (error instanceof StoreInUseError) return undefined;
        throw error;
      }
    },
    async close() {
      await store.close();
      if (readLog !== db) readLog.close();
      db.close();
    },
  };
}
