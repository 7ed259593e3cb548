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
  type RecordRow,
  lastUsedResolutionMs,
} from './api-keys.ts';

const placeholders = recordColumns
  .split(',')
  .map((_, i) => `$${i + 1}`)
  .join(', ');

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

  async verify(token: string, now: Date): Promise<Principal | undefined> {
    const [row] = await this.#db.query<KeyRow & { last_used_at: Date | null }>(
      `SELECT ${keyColumns}, last_used_at FROM api_keys
        WHERE hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
      [hashOf(token), now],
    );
    if (row === undefined) return undefined;

    // Written at most once a minute per key: most requests only read, in one round trip.
    const stale = new Date(now.getTime() - lastUsedResolutionMs);
    if (row.last_used_at === null || row.last_used_at < stale) {
      await this.#db.query(
        `UPDATE api_keys SET last_used_at = $1
          WHERE prefix = $2 AND (last_used_at IS NULL OR last_used_at < $3)`,
        [now, row.prefix, stale],
      );
    }
    return principalOf(row);
  }

  async list(tenant: string): Promise<KeyRecord[]> {
    const rows = await this.#db.query<RecordRow>(
      `SELECT ${recordColumns} FROM api_keys WHERE tenant = $1 ORDER BY created_at DESC, prefix`,
      [tenant],
    );
    return rows.map(recordOfRow);
  }

  async revoke(tenant: string, prefix: string, now: Date): Promise<boolean> {
    const [row] = await this.#db.query<{ found: boolean }>(
      `WITH revoked AS (
         UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1)
          WHERE tenant = $2 AND prefix = $3
          RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM revoked) AS found`,
      [now, tenant, prefix],
    );
    return row?.found === true;
  }

  async all(): Promise<KeyRecord[]> {
    const rows = await this.#db.query<RecordRow>(
      `SELECT ${recordColumns} FROM api_keys ORDER BY created_at, prefix`,
    );
    return rows.map(recordOfRow);
  }

  async restore(records: readonly KeyRecord[]): Promise<number> {
    return this.#db.transaction(async () => {
      let added = 0;
      for (const record of records) {
        const inserted = await this.#db.query(
          `INSERT INTO api_keys (${recordColumns}) VALUES (${placeholders})
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
      `INSERT INTO api_keys (${recordColumns}) VALUES (${placeholders})`,
      valuesOfRecord(record),
    );
    return created;
  }
}
