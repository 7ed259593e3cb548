import Database from 'better-sqlite3';
import { openSqliteDatabase } from '../src/event-store/sqlite.ts';
import type { ReadAuditStore } from '../src/read-audit/port.ts';
import { SqliteReadAudit } from '../src/read-audit/sqlite.ts';

/**
 * Experiments that take the cost of (a) apart; none is a proposal made real.
 *
 * The read log on a connection of its own to the same file, with
 * synchronous=NORMAL, under which a WAL commit is not flushed to disk until
 * the next checkpoint: what the flush on every batch costs.
 */
export function readLogWithoutFlush(databaseFile: string): {
  readLog: SqliteReadAudit;
  close(): void;
} {
  const db: Database.Database = openSqliteDatabase(databaseFile);
  db.pragma('synchronous = NORMAL');
  return { readLog: new SqliteReadAudit(db), close: () => db.close() };
}

/** A read log that keeps nothing: the recorder still holds each answer until its batch is "stored". */
export const readLogNowhere: ReadAuditStore = {
  append: async () => {},
  list: async () => [],
};
