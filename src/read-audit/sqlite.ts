import type Database from 'better-sqlite3';
import type { ListedRead, ReadAuditStore, ReadFilter, RecordRead } from './port.ts';
import { readColumns, readOfRow, valuesOfRead, whereOf, type ReadRow } from './rows.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS record_reads (
    sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant       TEXT NOT NULL,
    read_at      TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    via          TEXT NOT NULL,
    operation    TEXT NOT NULL,
    path         TEXT NOT NULL,
    subject_kind TEXT,
    subject_id   TEXT,
    request_id   TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS record_reads_by_tenant ON record_reads (tenant, sequence);
  CREATE INDEX IF NOT EXISTS record_reads_by_subject ON record_reads (tenant, subject_id, sequence);
`;

/** The read log in the embedded SQLite file. */
export class SqliteReadAudit implements ReadAuditStore {
  readonly #db: Database.Database;
  readonly #appendAll: (reads: readonly RecordRead[]) => void;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
    const insert = db.prepare(
      `INSERT INTO record_reads (${readColumns}) VALUES (${readColumns.replace(/\w+/g, '?')})`,
    );
    this.#appendAll = db.transaction((reads: readonly RecordRead[]) => {
      for (const read of reads) insert.run(...valuesOfRead(read));
    });
  }

  async append(reads: readonly RecordRead[]): Promise<void> {
    this.#appendAll(reads);
  }

  async list(tenant: string, filter: ReadFilter): Promise<ListedRead[]> {
    const { where, values } = whereOf(tenant, filter, () => '?');
    return this.#db
      .prepare<unknown[], ReadRow>(
        `SELECT sequence, ${readColumns} FROM record_reads WHERE ${where} ORDER BY sequence LIMIT ?`,
      )
      .all(...values, filter.limit)
      .map(readOfRow);
  }
}
