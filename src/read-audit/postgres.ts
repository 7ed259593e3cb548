import type { PostgresDatabase } from '../postgres/database.ts';
import type { ListedRead, ReadAuditStore, ReadFilter, RecordRead } from './port.ts';
import { readColumns, readOfRow, valuesOfRead, whereOf, type ReadRow } from './rows.ts';

const columnCount = readColumns.split(',').length;

/** The read log in PostgreSQL (table made by migration 4). */
export class PostgresReadAudit implements ReadAuditStore {
  readonly #db: PostgresDatabase;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  async append(reads: readonly RecordRead[]): Promise<void> {
    // One statement per thousand reads keeps well below PostgreSQL's limit on parameters.
    for (let start = 0; start < reads.length; start += 1000) {
      await this.#insert(reads.slice(start, start + 1000));
    }
  }

  async #insert(reads: readonly RecordRead[]): Promise<void> {
    const rows = reads.map(
      (_, row) =>
        `(${Array.from({ length: columnCount }, (_, column) => `$${row * columnCount + column + 1}`).join(', ')})`,
    );
    await this.#db.query(
      `INSERT INTO record_reads (${readColumns}) VALUES ${rows.join(', ')}`,
      reads.flatMap(valuesOfRead),
    );
  }

  async list(tenant: string, filter: ReadFilter): Promise<ListedRead[]> {
    const { where, values } = whereOf(tenant, filter, (n) => `$${n}`);
    const rows = await this.#db.query<ReadRow>(
      `SELECT sequence, ${readColumns} FROM record_reads WHERE ${where} ORDER BY sequence LIMIT $${values.length + 1}`,
      [...values, filter.limit],
    );
    return rows.map(readOfRow);
  }
}
