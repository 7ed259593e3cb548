import type Database from 'better-sqlite3';
import { compareCursors, logStart, type LogCursor } from '../../src/event-store/log-cursor.ts';
import type { Doc } from './projection.ts';
import {
  boundsOf,
  CheckpointMovedError,
  type KeyRange,
  type ProjectionCommit,
  type ProjectionFailure,
  type ReadModelProgress,
  type ReadStore,
} from './read-store.ts';

/*
 * An ordinary table with a unique index, not WITHOUT ROWID: documents run to
 * kilobytes (an entry with its original and amendments, sealed), and SQLite
 * keeps rows that large far more cheaply in a rowid table, where the index
 * holds only the key. On SQLite a cursor's commit equals its position, so the
 * position alone is stored.
 */
const documentsTable = `
  CREATE TABLE IF NOT EXISTS read_models (
    projection TEXT NOT NULL,
    key        TEXT NOT NULL,
    doc        TEXT NOT NULL,
    UNIQUE (projection, key)
  );
`;
const schema = `
  ${documentsTable}
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    projection TEXT PRIMARY KEY,
    position   INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS projection_failures (
    projection TEXT PRIMARY KEY,
    failure    TEXT NOT NULL
  );
`;

/** Read models in the same SQLite file as the events. */
export class SqliteReadStore implements ReadStore {
  readonly #db: Database.Database;
  readonly #select: Database.Statement<[string, string], { doc: string }>;
  readonly #checkpoint: Database.Statement<[string], { position: number }>;
  readonly #commit: Database.Transaction<(commits: readonly ProjectionCommit[]) => void>;

  constructor(db: Database.Database) {
    this.#db = db;
    movedToRowidTable(db);
    db.exec(schema);
    this.#select = db.prepare('SELECT doc FROM read_models WHERE projection = ? AND key = ?');
    this.#checkpoint = db.prepare(
      'SELECT position FROM projection_checkpoints WHERE projection = ?',
    );

    const upsert = db.prepare(
      `INSERT INTO read_models (projection, key, doc) VALUES (?, ?, ?)
       ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc`,
    );
    const remove = db.prepare('DELETE FROM read_models WHERE projection = ? AND key = ?');
    const forgetFailure = db.prepare('DELETE FROM projection_failures WHERE projection = ?');
    const moveCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (projection, position) VALUES (?, ?)
       ON CONFLICT (projection) DO UPDATE SET position = excluded.position`,
    );

    this.#commit = db.transaction((commits) => {
      for (const { projection, writes, from, to } of commits) {
        if (compareCursors(this.#checkpointSync(projection), from) !== 0) {
          throw new CheckpointMovedError(projection);
        }
        for (const [key, doc] of writes) {
          if (doc === null) remove.run(projection, key);
          else upsert.run(projection, key, JSON.stringify(doc));
        }
        moveCheckpoint.run(projection, to.position);
        forgetFailure.run(projection);
      }
    });
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

  async range<D extends Doc>(
    projection: string,
    prefix: string,
    bounds?: KeyRange,
  ): Promise<Array<[string, D]>> {
    const { lower, inclusive, below, limit } = boundsOf(prefix, bounds);
    return this.#db
      .prepare<[string, string, string, number], { key: string; doc: string }>(
        `SELECT key, doc FROM read_models
          WHERE projection = ? AND key ${inclusive ? '>=' : '>'} ? AND key < ?
          ORDER BY key LIMIT ?`,
      )
      .all(projection, lower, below, limit)
      .map((row) => [row.key, JSON.parse(row.doc) as D]);
  }

  async checkpoint(projection: string): Promise<LogCursor> {
    return this.#checkpointSync(projection);
  }

  async commit(
    projection: string,
    writes: ReadonlyMap<string, Doc | null>,
    checkpoint: { from: LogCursor; to: LogCursor },
  ): Promise<void> {
    await this.commitAll([{ projection, writes, ...checkpoint }]);
  }

  async commitAll(commits: readonly ProjectionCommit[]): Promise<void> {
    // IMMEDIATE: the checkpoint checks and the writes happen under one write lock.
    this.#commit.immediate(commits);
  }

  async recordFailure(failure: ProjectionFailure): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO projection_failures (projection, failure) VALUES (?, ?)
         ON CONFLICT (projection) DO UPDATE SET failure = excluded.failure`,
      )
      .run(failure.projection, JSON.stringify(failure));
  }

  async progress(): Promise<ReadModelProgress> {
    const checkpoints = this.#db
      .prepare<[], { projection: string; position: number }>(
        'SELECT projection, position FROM projection_checkpoints',
      )
      .all();
    const failures = this.#db
      .prepare<[], { failure: string }>('SELECT failure FROM projection_failures')
      .all();
    return {
      checkpoints: new Map(
        checkpoints.map(({ projection, position }) => [projection, { commit: position, position }]),
      ),
      failures: failures.map((row) => JSON.parse(row.failure) as ProjectionFailure),
    };
  }

  async reset(projection: string): Promise<void> {
    this.#db.transaction(() => {
      for (const table of ['read_models', 'projection_checkpoints', 'projection_failures']) {
        this.#db.prepare(`DELETE FROM ${table} WHERE projection = ?`).run(projection);
      }
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

  #checkpointSync(projection: string): LogCursor {
    const row = this.#checkpoint.get(projection);
    return row === undefined ? logStart : { commit: row.position, position: row.position };
  }
}

/** Stores made before documents moved to a rowid table get the move once, rows and all. */
function movedToRowidTable(db: Database.Database): void {
  const table = db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE name = 'read_models'")
    .get();
  if (table === undefined || !/WITHOUT ROWID/i.test(table.sql)) return;

  db.transaction(() => {
    db.exec('ALTER TABLE read_models RENAME TO read_models_before_rowid');
    db.exec(documentsTable);
    db.exec(
      `INSERT INTO read_models (projection, key, doc)
         SELECT projection, key, doc FROM read_models_before_rowid ORDER BY projection, key`,
    );
    db.exec('DROP TABLE read_models_before_rowid');
  }).immediate();
}
