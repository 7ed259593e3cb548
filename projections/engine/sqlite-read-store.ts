import type Database from 'better-sqlite3';
import type { Doc } from './projection.ts';
import type { ReadStore } from './read-store.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS read_models (
    projection TEXT NOT NULL,
    key        TEXT NOT NULL,
    doc        TEXT NOT NULL,
    PRIMARY KEY (projection, key)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    projection TEXT PRIMARY KEY,
    position   INTEGER NOT NULL
  );
`;

/** Read models in the same SQLite file as the events. */
export class SqliteReadStore implements ReadStore {
  readonly #db: Database.Database;
  readonly #select: Database.Statement<[string, string], { doc: string }>;
  readonly #commit: (
    projection: string,
    writes: ReadonlyMap<string, Doc | null>,
    checkpoint: number,
  ) => void;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
    this.#select = db.prepare('SELECT doc FROM read_models WHERE projection = ? AND key = ?');

    const upsert = db.prepare(
      `INSERT INTO read_models (projection, key, doc) VALUES (?, ?, ?)
       ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc`,
    );
    const remove = db.prepare('DELETE FROM read_models WHERE projection = ? AND key = ?');
    const moveCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?)
       ON CONFLICT (projection) DO UPDATE SET position = excluded.position`,
    );

    this.#commit = db.transaction(
      (projection: string, writes: ReadonlyMap<string, Doc | null>, checkpoint: number) => {
        for (const [key, doc] of writes) {
          if (doc === null) remove.run(projection, key);
          else upsert.run(projection, key, JSON.stringify(doc));
        }
        moveCheckpoint.run(projection, checkpoint);
      },
    );
  }

  async get<D extends Doc>(projection: string, key: string): Promise<D | undefined> {
    const row = this.#select.get(projection, key);
    return row === undefined ? undefined : (JSON.parse(row.doc) as D);
  }

  async getMany<D extends Doc>(
    projection: string,
    keys: readonly string[],
  ): Promise<Map<string, D>> {
    const found = new Map<string, D>();
    for (const key of keys) {
      const row = this.#select.get(projection, key);
      if (row !== undefined) found.set(key, JSON.parse(row.doc) as D);
    }
    return found;
  }

  async checkpoint(projection: string): Promise<number> {
    const row = this.#db
      .prepare<[string], { position: number }>(
        'SELECT position FROM projection_checkpoints WHERE projection = ?',
      )
      .get(projection);
    return row?.position ?? 0;
  }

  async commit(
    projection: string,
    writes: ReadonlyMap<string, Doc | null>,
    checkpoint: number,
  ): Promise<void> {
    this.#commit(projection, writes, checkpoint);
  }

  async reset(projection: string): Promise<void> {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM read_models WHERE projection = ?').run(projection);
      this.#db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?').run(projection);
    })();
  }

  async dump(projection: string): Promise<Array<[string, string]>> {
    return this.#db
      .prepare<[string], { key: string; doc: string }>(
        'SELECT key, doc FROM read_models WHERE projection = ? ORDER BY key',
      )
      .all(projection)
      .map((row) => [row.key, row.doc]);
  }
}
