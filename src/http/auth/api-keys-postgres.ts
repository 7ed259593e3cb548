import { lockKeys, lockSpace } from '../../postgres/migrations.ts';
import type { PostgresDatabase } from '../../postgres/database.ts';
import {
  hashOf,
  newKey,
  principalOf,
  type ApiKeyStore,
  type CreatedKey,
  type NewKey,
  keyColumns,
  recordColumns,
  recordOfRow,
  valuesOfRecord,
  type KeyRecord,
  type KeyRow,
  type Principal,
} from './api-keys.ts';

/** API keys in PostgreSQL, shared by every instance. */
export class PostgresApiKeys implements ApiKeyStore {
  readonly #db: PostgresDatabase;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  async count(): Promise<number> {
    const [row] = await this.#db.query<{ n: string }>('SELECT COUNT(*) AS n FROM api_keys');
    return Number(row?.n ?? 0);
  }

  async create(key: NewKey, now: Date): Promise<CreatedKey> {
    return this.#insert(key, now);
  }

  async createFirst(key: NewKey, now: Date): Promise<CreatedKey | undefined> {
    // Instances starting together queue on this lock, so only the first finds no key.
    return this.#db.transaction(async () => {
      await this.#db.query('SELECT pg_advisory_xact_lock($1, $2)', [lockSpace, lockKeys.firstKey]);
      return (await this.count()) === 0 ? this.#insert(key, now) : undefined;
    });
  }

  async verify(token: string): Promise<Principal | undefined> {
    const [row] = await this.#db.query<KeyRow>(
      `SELECT ${keyColumns} FROM api_keys WHERE hash = $1`,
      [hashOf(token)],
    );
    return row === undefined ? undefined : principalOf(row);
  }

  async all(): Promise<KeyRecord[]> {
    const rows = await this.#db.query<KeyRow & { hash: string; label: string; created_at: Date }>(
      `SELECT ${recordColumns} FROM api_keys ORDER BY created_at, prefix`,
    );
    return rows.map(recordOfRow);
  }

  async restore(records: readonly KeyRecord[]): Promise<number> {
    return this.#db.transaction(async () => {
      let added = 0;
      for (const record of records) {
        const inserted = await this.#db.query(
          `INSERT INTO api_keys (${recordColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT DO NOTHING RETURNING 1`,
          valuesOfRecord(record),
        );
        added += inserted.length;
      }
      return added;
    });
  }

  async #insert(key: NewKey, now: Date): Promise<CreatedKey> {
    const { created, record } = newKey(key, now);
    await this.#db.query(
      `INSERT INTO api_keys (${recordColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      valuesOfRecord(record),
    );
    return created;
  }
}
