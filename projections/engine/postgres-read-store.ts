import { logStart, type LogCursor } from '../../src/event-store/log-cursor.ts';
import type { PostgresDatabase } from '../../src/postgres/database.ts';
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

/** Wakes every instance waiting for the read models when a projection moves. */
export const readModelsChannel = 'learning_log_read_models';

interface CheckpointRow {
  projection: string;
  commit_id: string;
  position: string;
}

/**
 * Read models in the same PostgreSQL database as the events. Documents are
 * kept as the exact JSON text the projection produced, so a rebuild can be
 * compared byte for byte.
 */
export class PostgresReadStore implements ReadStore {
  readonly #db: PostgresDatabase;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  async get<D extends Doc>(projection: string, key: string): Promise<D | undefined> {
    const [row] = await this.#db.query<{ doc: string }>(
      'SELECT doc FROM read_models WHERE projection = $1 AND key = $2',
      [projection, key],
    );
    return row === undefined ? undefined : (JSON.parse(row.doc) as D);
  }

  async getMany<D extends Doc>(
    projection: string,
    keys: readonly string[],
  ): Promise<Map<string, D>> {
    if (keys.length === 0) return new Map();
    const rows = await this.#db.query<{ key: string; doc: string }>(
      'SELECT key, doc FROM read_models WHERE projection = $1 AND key = ANY($2)',
      [projection, keys],
    );
    return new Map(rows.map((row) => [row.key, JSON.parse(row.doc) as D]));
  }

  async range<D extends Doc>(
    projection: string,
    prefix: string,
    bounds?: KeyRange,
  ): Promise<Array<[string, D]>> {
    const { lower, inclusive, below, limit } = boundsOf(prefix, bounds);
    // The key column sorts by bytes (COLLATE "C"), as SQLite does, so both stores agree on order.
    const rows = await this.#db.query<{ key: string; doc: string }>(
      `SELECT key, doc FROM read_models
        WHERE projection = $1 AND key ${inclusive ? '>=' : '>'} $2 AND key < $3
        ORDER BY key LIMIT $4`,
      [projection, lower, below, limit],
    );
    return rows.map((row) => [row.key, JSON.parse(row.doc) as D]);
  }

  async checkpoint(projection: string): Promise<LogCursor> {
    const [row] = await this.#db.query<CheckpointRow>(
      'SELECT projection, commit_id, position FROM projection_checkpoints WHERE projection = $1',
      [projection],
    );
    return row === undefined ? logStart : cursorOfRow(row);
  }

  async commit(
    projection: string,
    writes: ReadonlyMap<string, Doc | null>,
    checkpoint: { from: LogCursor; to: LogCursor },
  ): Promise<void> {
    await this.commitAll([{ projection, writes, ...checkpoint }]);
  }

  async commitAll(commits: readonly ProjectionCommit[]): Promise<void> {
    await this.#db.transaction(async () => {
      for (const commit of commits) await this.#store(commit);
      // One wake-up for the batch: an instance woken reads every checkpoint again.
      const names = commits.map((commit) => commit.projection).join(',');
      await this.#db.query('SELECT pg_notify($1, $2)', [readModelsChannel, names]);
    });
  }

  async #store({ projection, writes, from, to }: ProjectionCommit): Promise<void> {
    // The first commit inserts the row; later ones move it only from where this projector
    // found it. The row lock makes a second projector wait here, then see the moved checkpoint.
    const moved = await this.#db.query(
      `INSERT INTO projection_checkpoints AS c (projection, commit_id, position)
       VALUES ($1, $2, $3)
       ON CONFLICT (projection) DO UPDATE SET commit_id = $2, position = $3
         WHERE c.commit_id = $4 AND c.position = $5
       RETURNING 1`,
      [projection, to.commit, to.position, from.commit, from.position],
    );
    // Nothing returned: the row exists and holds another checkpoint than `from`.
    if (moved.length === 0) throw new CheckpointMovedError(projection);

    const removed = [...writes].filter(([, doc]) => doc === null).map(([key]) => key);
    const kept = [...writes].filter((entry): entry is [string, Doc] => entry[1] !== null);
    if (removed.length > 0) {
      await this.#db.query('DELETE FROM read_models WHERE projection = $1 AND key = ANY($2)', [
        projection,
        removed,
      ]);
    }
    if (kept.length > 0) {
      await this.#db.query(
        `INSERT INTO read_models (projection, key, doc)
         SELECT $1, key, doc FROM unnest($2::text[], $3::text[]) AS w (key, doc)
         ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc`,
        [projection, kept.map(([key]) => key), kept.map(([, doc]) => JSON.stringify(doc))],
      );
    }
    await this.#db.query('DELETE FROM projection_failures WHERE projection = $1', [projection]);
  }

  async recordFailure(failure: ProjectionFailure): Promise<void> {
    await this.#db.query(
      `INSERT INTO projection_failures (projection, failure) VALUES ($1, $2)
       ON CONFLICT (projection) DO UPDATE SET failure = excluded.failure`,
      [failure.projection, JSON.stringify(failure)],
    );
    await this.#db.query('SELECT pg_notify($1, $2)', [readModelsChannel, failure.projection]);
  }

  async progress(): Promise<ReadModelProgress> {
    const checkpoints = await this.#db.query<CheckpointRow>(
      'SELECT projection, commit_id, position FROM projection_checkpoints',
    );
    const failures = await this.#db.query<{ failure: ProjectionFailure }>(
      'SELECT failure FROM projection_failures ORDER BY projection',
    );
    return {
      checkpoints: new Map(checkpoints.map((row) => [row.projection, cursorOfRow(row)])),
      failures: failures.map((row) => row.failure),
    };
  }

  async reset(projection: string): Promise<void> {
    await this.#db.transaction(async () => {
      for (const table of ['read_models', 'projection_checkpoints', 'projection_failures']) {
        await this.#db.query(`DELETE FROM ${table} WHERE projection = $1`, [projection]);
      }
    });
  }

  async dump(projection: string): Promise<Array<[string, string]>> {
    const rows = await this.#db.query<{ key: string; doc: string }>(
      'SELECT key, doc FROM read_models WHERE projection = $1 ORDER BY key',
      [projection],
    );
    return rows.map((row) => [row.key, row.doc]);
  }
}

function cursorOfRow(row: CheckpointRow): LogCursor {
  return { commit: Number(row.commit_id), position: Number(row.position) };
}
