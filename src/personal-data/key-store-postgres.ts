import type { PostgresDatabase } from '../postgres/database.ts';
import type { PersonKeyStore, StoredPersonKey } from './key-store.ts';

interface Row {
  tenant: string;
  person_id: string;
  wrapped_key: string | null;
  created_at: Date;
  erased_at: Date | null;
}

const keyOfRow = (row: Row): StoredPersonKey => ({
  tenant: row.tenant,
  personId: row.person_id,
  wrappedKey: row.wrapped_key,
  createdAt: row.created_at.toISOString(),
  erasedAt: row.erased_at?.toISOString() ?? null,
});

/** Per-person data keys in PostgreSQL (table made by migration 5). */
export class PostgresPersonKeys implements PersonKeyStore {
  readonly #db: PostgresDatabase;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  async find(tenant: string, personIds: readonly string[]): Promise<Map<string, StoredPersonKey>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.#db.query<Row>(
      'SELECT * FROM person_keys WHERE tenant = $1 AND person_id = ANY($2)',
      [tenant, personIds],
    );
    return new Map(rows.map((row) => [row.person_id, keyOfRow(row)]));
  }

  async createIfAbsent(
    tenant: string,
    personId: string,
    wrappedKey: string,
    now: Date,
  ): Promise<StoredPersonKey> {
    await this.#db.query(
      'INSERT INTO person_keys (tenant, person_id, wrapped_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [tenant, personId, wrappedKey, now],
    );
    return (await this.find(tenant, [personId])).get(personId)!;
  }

  async erase(tenant: string, personId: string, now: Date): Promise<void> {
    await this.#db.query(
      `INSERT INTO person_keys (tenant, person_id, wrapped_key, created_at, erased_at) VALUES ($1, $2, NULL, $3, $3)
       ON CONFLICT (tenant, person_id) DO UPDATE SET wrapped_key = NULL, erased_at = COALESCE(person_keys.erased_at, excluded.erased_at)`,
      [tenant, personId, now],
    );
    void this.#rewriteTable();
  }

  /**
   * The row as it was stays in the table's file until the table is rewritten.
   * Rewriting takes the table for itself, so it waits at most a second for
   * others to let go (readers queue behind it meanwhile), and tries again every
   * five seconds for a minute, in the background: an erasure answers at once.
   */
  async #rewriteTable(attempt = 1): Promise<void> {
    try {
      const client = await this.#db.dedicatedClient();
      try {
        await client.query("SET lock_timeout = '1s'");
        await client.query('VACUUM FULL person_keys');
        return;
      } finally {
        await client.end().catch(() => {});
      }
    } catch {
      if (attempt >= 12) return;
      setTimeout(() => void this.#rewriteTable(attempt + 1), 5000).unref();
    }
  }

  async anyKey(): Promise<StoredPersonKey | undefined> {
    const [row] = await this.#db.query<Row>(
      'SELECT * FROM person_keys WHERE wrapped_key IS NOT NULL LIMIT 1',
    );
    return row === undefined ? undefined : keyOfRow(row);
  }

  async all(): Promise<StoredPersonKey[]> {
    return (await this.#db.query<Row>('SELECT * FROM person_keys ORDER BY tenant, person_id')).map(
      keyOfRow,
    );
  }

  async restore(rows: readonly StoredPersonKey[]): Promise<number> {
    let added = 0;
    await this.#db.transaction(async () => {
      for (const row of rows) {
        const inserted = await this.#db.query(
          'INSERT INTO person_keys (tenant, person_id, wrapped_key, created_at, erased_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING person_id',
          [row.tenant, row.personId, row.wrappedKey, row.createdAt, row.erasedAt],
        );
        added += inserted.length;
      }
    });
    return added;
  }
}
