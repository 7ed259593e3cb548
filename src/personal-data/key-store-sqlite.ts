import type Database from 'better-sqlite3';
import type { PersonKeyStore, StoredPersonKey } from './key-store.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS person_keys (
    tenant      TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    wrapped_key TEXT,
    created_at  TEXT NOT NULL,
    erased_at   TEXT,
    PRIMARY KEY (tenant, person_id)
  );
`;

interface Row {
  tenant: string;
  person_id: string;
  wrapped_key: string | null;
  created_at: string;
  erased_at: string | null;
}

const keyOfRow = (row: Row): StoredPersonKey => ({
  tenant: row.tenant,
  personId: row.person_id,
  wrappedKey: row.wrapped_key,
  createdAt: row.created_at,
  erasedAt: row.erased_at,
});

/** Per-person data keys in the embedded SQLite file. */
export class SqlitePersonKeys implements PersonKeyStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
    // Freed space is overwritten with zeros, so a destroyed key leaves no copy in the file.
    db.pragma('secure_delete = ON');
  }

  async find(tenant: string, personIds: readonly string[]): Promise<Map<string, StoredPersonKey>> {
    if (personIds.length === 0) return new Map();
    // The ids go in as one JSON array, so the statement's text (compiled once) is the same for any number.
    const rows = this.#db
      .prepare<[string, string], Row>(
        'SELECT * FROM person_keys WHERE tenant = ? AND person_id IN (SELECT value FROM json_each(?))',
      )
      .all(tenant, JSON.stringify(personIds));
    return new Map(rows.map((row) => [row.person_id, keyOfRow(row)]));
  }

  async createIfAbsent(
    tenant: string,
    personId: string,
    wrappedKey: string,
    now: Date,
  ): Promise<StoredPersonKey> {
    this.#db
      .prepare(
        'INSERT INTO person_keys (tenant, person_id, wrapped_key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(tenant, personId, wrappedKey, now.toISOString());
    return (await this.find(tenant, [personId])).get(personId)!;
  }

  async erase(tenant: string, personId: string, now: Date): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO person_keys (tenant, person_id, wrapped_key, created_at, erased_at) VALUES (?, ?, NULL, ?, ?)
         ON CONFLICT (tenant, person_id) DO UPDATE SET wrapped_key = NULL, erased_at = COALESCE(erased_at, excluded.erased_at)`,
      )
      .run(tenant, personId, now.toISOString(), now.toISOString());
    this.#forgetEarlierPages();
  }

  /**
   * The write-ahead log still holds the pages as they were, key and all, until
   * a checkpoint moves the current ones into the file and empties it. A reader
   * in the middle of a transaction (a backup, an export) holds that up: rather
   * than wait, which would stop the whole server, it is tried again every
   * second for two minutes.
   */
  #forgetEarlierPages(attempt = 1): void {
    if (!this.#db.open) return;
    this.#db.pragma('busy_timeout = 0');
    try {
      const [result] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy === 0 || attempt >= 120) return;
    } catch {
      // Busy in another way: the same remedy.
    } finally {
      this.#db.pragma('busy_timeout = 5000');
    }
    setTimeout(() => this.#forgetEarlierPages(attempt + 1), 1000).unref();
  }

  async anyKey(): Promise<StoredPersonKey | undefined> {
    const row = this.#db
      .prepare<[], Row>('SELECT * FROM person_keys WHERE wrapped_key IS NOT NULL LIMIT 1')
      .get();
    return row === undefined ? undefined : keyOfRow(row);
  }

  async all(): Promise<StoredPersonKey[]> {
    return this.#db
      .prepare<[], Row>('SELECT * FROM person_keys ORDER BY tenant, person_id')
      .all()
      .map(keyOfRow);
  }

  async restore(rows: readonly StoredPersonKey[]): Promise<number> {
    const insert = this.#db.prepare(
      'INSERT INTO person_keys (tenant, person_id, wrapped_key, created_at, erased_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    const restoreAll = this.#db.transaction(() =>
      rows.reduce(
        (added, row) =>
          added +
          insert.run(row.tenant, row.personId, row.wrappedKey, row.createdAt, row.erasedAt).changes,
        0,
      ),
    );
    return restoreAll();
  }
}
