import type Database from 'better-sqlite3';
import { isStoreUnavailable } from '../../event-store/errors.ts';
import {
  hashOf,
  keyColumns,
  lastUsedResolutionMs,
  newKey,
  principalOf,
  recordColumns,
  recordOfRow,
  valuesOfRecord,
  type ApiKeyStore,
  type CreatedKey,
  type KeyRecord,
  type KeyRow,
  type NewKey,
  type Principal,
  type RecordRow,
} from './api-keys.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS api_keys (
    prefix       TEXT PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    tenant       TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_kind   TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT,
    last_used_at TEXT
  );
`;

/** Columns added since the table was first made; a store from then gains them on open. */
const laterColumns = ['expires_at', 'revoked_at', 'last_used_at'];

const placeholders = recordColumns
  .split(',')
  .map(() => '?')
  .join(', ');

/** API keys in the embedded SQLite file. Instants are ISO 8601 text, which sorts in time order. */
export class SqliteApiKeys implements ApiKeyStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
    const columns = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('api_keys')")
      .all()
      .map((column) => column.name);
    for (const column of laterColumns.filter((name) => !columns.includes(name))) {
      db.exec(`ALTER TABLE api_keys ADD COLUMN ${column} TEXT`);
    }
  }

  async count(): Promise<number> {
    return this.#countSync();
  }

  async create(key: NewKey, now: Date): Promise<CreatedKey> {
    return this.#insert(key, now);
  }

  async createFirst(key: NewKey, now: Date): Promise<CreatedKey | undefined> {
    return this.#db
      .transaction(() => (this.#countSync() === 0 ? this.#insert(key, now) : undefined))
      .immediate();
  }

  async verify(token: string, now: Date): Promise<Principal | undefined> {
    const at = now.toISOString();
    const row = this.#db
      .prepare<[string, string], KeyRow & { last_used_at: string | null }>(
        `SELECT ${keyColumns}, last_used_at FROM api_keys
          WHERE hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
      )
      .get(hashOf(token), at);
    if (row === undefined) return undefined;

    // Written at most once a minute per key: most requests only read.
    const stale = new Date(now.getTime() - lastUsedResolutionMs).toISOString();
    if (row.last_used_at === null || row.last_used_at < stale) {
      try {
        this.#db
          .prepare(
            `UPDATE api_keys SET last_used_at = ?
              WHERE prefix = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
          )
          .run(at, row.prefix, stale);
      } catch (error) {
        // A full or read-only disk: the key is still good, and "last used" only a hint.
        if (!isStoreUnavailable(error)) throw error;
      }
    }
    return principalOf(row);
  }

  async list(tenant: string): Promise<KeyRecord[]> {
    return this.#db
      .prepare<[string], RecordRow>(
        `SELECT ${recordColumns} FROM api_keys WHERE tenant = ? ORDER BY created_at DESC, prefix`,
      )
      .all(tenant)
      .map(recordOfRow);
  }

  async revoke(tenant: string, prefix: string, now: Date): Promise<boolean> {
    const found = this.#db
      .prepare('SELECT 1 FROM api_keys WHERE tenant = ? AND prefix = ?')
      .get(tenant, prefix);
    this.#db
      .prepare(
        'UPDATE api_keys SET revoked_at = ? WHERE tenant = ? AND prefix = ? AND revoked_at IS NULL',
      )
      .run(now.toISOString(), tenant, prefix);
    return found !== undefined;
  }

  async all(): Promise<KeyRecord[]> {
    return this.#db
      .prepare<[], RecordRow>(`SELECT ${recordColumns} FROM api_keys ORDER BY created_at, prefix`)
      .all()
      .map(recordOfRow);
  }

  async restore(records: readonly KeyRecord[]): Promise<number> {
    const insert = this.#db.prepare(
      `INSERT INTO api_keys (${recordColumns}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`,
    );
    return this.#db.transaction(() =>
      records.reduce((added, record) => added + insert.run(...valuesOfRecord(record)).changes, 0),
    )();
  }

  #countSync(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM api_keys').get()!.n;
  }

  #insert(key: NewKey, now: Date): CreatedKey {
    const { created, record } = newKey(key, now);
    this.#db
      .prepare(`INSERT INTO api_keys (${recordColumns}) VALUES (${placeholders})`)
      .run(...valuesOfRecord(record));
    return created;
  }
}
