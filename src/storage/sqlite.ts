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
import { cacheStatements } from './statement-cache.ts';
import type { Storage } from './storage.ts';

/**
 * A second connection to the same file whose commits do not wait for the disk
 * (synchronous=NORMAL). In WAL mode such a commit is safe from a crash of the
 * service as soon as it is made, and reaches the disk with the next event
 * written; a power cut can lose only its last moments. That is fine for what
 * can be made again: the read models are rebuilt from the log (their
 * checkpoint goes back with them), and the read log is documented to lose the
 * last moments of reads. Waiting for the disk on every read-model batch or
 * read-log batch would stop the whole server for each one, since the driver is
 * synchronous (see bench/RESULTS.md).
 */
function openUnflushedConnection(file: string): Database.Database {
  const connection = cacheStatements(new Database(file));
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
  // An in-memory database exists only on its one connection.
  const readModels = file === ':memory:' ? db : openUnflushedConnection(file);
  const readLog = file === ':memory:' ? db : openUnflushedConnection(file);
  db.exec(probeSchema);
  const probe = db.prepare(
    `INSERT INTO write_probe (id, probed_at) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at`,
  );

  return {
    kind: 'sqlite',
    store,
    readStore: new SqliteReadStore(readModels),
    apiKeys: new SqliteApiKeys(db),
    idempotency: new SqliteIdempotencyStore(db),
    readAudit: new SqliteReadAudit(readLog),
    personKeys: new SqlitePersonKeys(db),
    async snapshot(read) {
      // One read transaction per connection, so every read inside sees one moment even while a
      // server writes. The read models' is begun first: the log then holds at least what they show.
      const connections = readModels === db ? [db] : [readModels, db];
      for (const connection of connections) {
        connection.exec('BEGIN');
        // A transaction takes its snapshot at its first read, not at BEGIN.
        connection.prepare('SELECT count(*) FROM sqlite_schema').get();
      }
      try {
        return await read();
      } finally {
        for (const connection of connections) connection.exec('COMMIT');
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
      for (const connection of new Set([readLog, readModels, db])) connection.close();
    },
  };
}
