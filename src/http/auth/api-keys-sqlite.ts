import type Database from 'better-sqlite3';
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

const schema = `
  CREATE TABLE IF NOT EXISTS api_keys (
    prefix     TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    tenant     TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
`;

/** API keys in the embedded SQLite file. */
export class SqliteApiKeys implements ApiKeyStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
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

  async verify(token: string): Promise<Principal | undefined> {
    const row = this.#db
      .prepare<[string], KeyRow>(`SELECT ${keyColumns} FROM api_keys WHERE hash = ?`)
      .get(hashOf(token));
    return row === undefined ? undefined : principalOf(row);
  }

  #countSync(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM api_keys').get()!.n;
  }

  async all(): Promise<KeyRecord[]> {
    return this.#db
      .prepare<[], KeyRow & { hash: string; label: string; created_at: string }>(
        `SELECT ${recordColumns} FROM api_keys ORDER BY created_at, prefix`,
      )
      .all()
      .map(recordOfRow);
  }

  async restore(records: readonly KeyRecord[]): Promise<number> {
    const insert = this.#db.prepare(
      `INSERT INTO api_keys (${recordColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    return this.#db.transaction(() =>
      records.reduce((added, record) => added + insert.run(...valuesOfRecord(record)).changes, 0),
    )();
  }

  #insert(key: NewKey, now: Date): CreatedKey {
    const { created, record } = newKey(key, now);
    this.#db
      .prepare(`INSERT INTO api_keys (${recordColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(...valuesOfRecord(record));
    return created;
  }
}
