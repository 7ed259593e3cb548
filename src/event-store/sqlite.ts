import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { cacheStatements } from '../storage/statement-cache.ts';
import { Drain } from './drain.ts';
import { logStart, type LogCursor } from './log-cursor.ts';
import { settle, type Outcome, type PendingAppend } from './pending-append.ts';
import {
  checkUnchanged,
  isStoreUnavailable,
  revisionMatches,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from './errors.ts';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  Subscription,
} from './port.ts';
import { upcast } from './upcast.ts';

type Db = Database.Database;

interface EventRow {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  tenant: string;
  correlation_id: string;
  causation_id: string | null;
  data: string;
}

const schema = `
  CREATE TABLE IF NOT EXISTS events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    stream         TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    type           TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    actor          TEXT NOT NULL,
    tenant         TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    causation_id   TEXT,
    data           TEXT NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE INDEX IF NOT EXISTS events_by_causation ON events (causation_id);
  CREATE INDEX IF NOT EXISTS events_by_tenant ON events (tenant, position);
`;

/**
 * Opens (and creates) the embedded database file shared by the event store,
 * the read models, idempotency records and API keys. WAL lets readers run
 * beside the writer; synchronous=FULL makes an acknowledged write survive
 * power loss.
 */
export function openSqliteDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });

  const db = cacheStatements(new Database(file));
  // Owner only, like the master key file: SQLite gives its write-ahead log the same mode.
  if (file !== ':memory:') chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** How often a subscription looks for events appended by another process on the same file. */
const pollIntervalMs = 500;
const subscriptionBatch = 500;

export class SqliteEventStore implements EventStore {
  readonly #db: Db;
  readonly #listeners = new Set<() => void>();
  readonly #subscriptions = new Set<Subscription>();
  readonly #appendBatch: (batch: readonly PendingAppend[]) => Outcome[];
  #pending: PendingAppend[] = [];
  #batchesCommitted = 0;
  readonly #importMany: (events: readonly StoredEvent[]) => void;
  readonly #ownsDb: boolean;

  constructor(db: Db, options: { ownsDb?: boolean } = {}) {
    this.#db = db;
    this.#ownsDb = options.ownsDb ?? false;
    db.exec(schema);

    const lastRevision = db.prepare<[string], { revision: number | null }>(
      'SELECT MAX(revision) AS revision FROM events WHERE stream = ?',
    );
    const insert = db.prepare(`
      INSERT INTO events (id, stream, revision, type, schema_version, occurred_at, recorded_at,
                          actor, tenant, correlation_id, causation_id, data)
      VALUES (@id, @stream, @revision, @type, @schemaVersion, @occurredAt, @recordedAt,
              @actor, @tenant, @correlationId, @causationId, @data)
    `);

    const revisionOf = (stream: string): number => lastRevision.get(stream)?.revision ?? -1;
    const appendMany = db.transaction(
      (stream: string, events: readonly NewEvent[], options: AppendOptions): AppendResult => {
        const expected = options.expectedRevision;
        const actual = revisionOf(stream);
        if (!revisionMatches(expected, actual)) {
          throw new WrongExpectedRevisionError(stream, expected, actual);
        }
        checkUnchanged(options.unchanged ?? [], revisionOf);

        let revision = actual;
        let position = 0;
        for (const event of events) {
          revision += 1;
          const result = insert.run({
            ...event,
            stream,
            revision,
            actor: JSON.stringify(event.actor),
            data: JSON.stringify(event.data),
          });
          position = Number(result.lastInsertRowid);
        }
        return { revision, position, commit: position };
      },
    );
    this.#importMany = db.transaction((events: readonly StoredEvent[]) => {
      for (const event of events) {
        insert.run({
          ...event,
          actor: JSON.stringify(event.actor),
          data: JSON.stringify(event.data),
        });
      }
    });

    // Each append of a batch runs in a savepoint of its own (a transaction nested in the
    // batch's), so one that fails its checks is undone alone and the others still commit.
    const appendBatch = db.transaction((batch: readonly PendingAppend[]) =>
      batch.map((append): Outcome => {
        try {
          return { result: appendMany(append.stream, append.events, append.options) };
        } catch (error) {
          // A full disk or an I/O error may roll back the whole batch, not just this savepoint.
          // The appends after it would then each commit on their own while the batch is
          // reported failed, so the batch stops here and none of it is stored.
          if (!db.inTransaction) throw error;
          return { error };
        }
      }),
    );
    // IMMEDIATE takes the write lock before reading any revision, so two
    // processes on one file cannot both pass a check.
    this.#appendBatch = (batch) => appendBatch.immediate(batch);
  }

  /**
   * Group commit: the appends of every request the loop handles in one turn
   * are written in one transaction, so they share one wait for the disk
   * (synchronous=FULL) instead of paying one each. Each append keeps its own
   * expected revision, and only the append whose check fails is refused. An
   * append is answered only once the batch holding it is durable.
   */
  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (events.length === 0)
      return Promise.reject(new RangeError('append needs at least one event'));

    return new Promise((resolve, reject) => {
      this.#pending.push({ stream, events, options, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#commitPending());
    });
  }

  /** How many transactions appends have been committed in: fewer than appends, under load. */
  get batchesCommitted(): number {
    return this.#batchesCommitted;
  }

  #commitPending(): void {
    const batch = this.#pending;
    this.#pending = [];

    let outcomes: Outcome[];
    try {
      outcomes = this.#appendBatch(batch);
    } catch (error) {
      // The batch as a whole did not commit (the disk, say): nothing of it is stored.
      for (const append of batch) append.reject(translate(error));
      return;
    }

    this.#batchesCommitted += 1;
    settle(batch, outcomes, translate);
    if (outcomes.some((outcome) => 'result' in outcome)) {
      for (const notify of this.#listeners) notify();
    }
  }

  async importEvents(events: readonly StoredEvent[]): Promise<void> {
    try {
      this.#importMany(events);
    } catch (error) {
      throw translate(error);
    }
    for (const notify of this.#listeners) notify();
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = this.#db
      .prepare<unknown[], EventRow>(
        `SELECT * FROM events
          WHERE stream = ? AND revision >= ? AND revision <= ? AND recorded_at <= ?
          ORDER BY revision`,
      )
      .all(
        stream,
        options.fromRevision ?? 0,
        options.toRevision ?? Number.MAX_SAFE_INTEGER,
        options.asOf === undefined ? '9999' : new Date(options.asOf).toISOString(),
      );
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    if (options.tenant === undefined)
      return this.#readAllSync(options.after.position, options.limit);
    return this.#db
      .prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE tenant = ? AND position > ? ORDER BY position LIMIT ?',
      )
      .all(options.tenant, options.after.position, options.limit)
      .map(toStoredEvent);
  }

  async hasEventsCausedBy(causationId: string): Promise<boolean> {
    const row = this.#db
      .prepare<[string], { found: number }>(
        'SELECT 1 AS found FROM events WHERE causation_id = ? LIMIT 1',
      )
      .get(causationId);
    return row !== undefined;
  }

  async head(): Promise<LogCursor> {
    const position = await this.headPosition();
    return position === 0 ? logStart : { commit: position, position };
  }

  async headPosition(): Promise<number> {
    const row = this.#db
      .prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events')
      .get();
    return row?.position ?? 0;
  }

  subscribe(after: LogCursor, onEvents: (events: StoredEvent[]) => Promise<void>): Subscription {
    // The single writer commits in position order, so the position alone is the cursor.
    const drain = new Drain(
      after,
      (from) => this.#readAllSync(from.position, subscriptionBatch),
      onEvents,
    );
    const notify = (): void => drain.wake();
    this.#listeners.add(notify);
    const timer = setInterval(notify, pollIntervalMs);
    timer.unref();
    notify();

    const subscription: Subscription = {
      close: () => {
        drain.close();
        clearInterval(timer);
        this.#listeners.delete(notify);
        this.#subscriptions.delete(subscription);
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    // A subscription left open would poll a closed database and crash the process.
    for (const subscription of this.#subscriptions) subscription.close();
    if (this.#ownsDb) this.#db.close();
  }

  #readAllSync(after: number, limit: number): StoredEvent[] {
    return this.#db
      .prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      )
      .all(after, limit)
      .map(toStoredEvent);
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return upcast({
    id: row.id,
    type: row.type,
    schemaVersion: row.schema_version,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    commit: row.position,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: JSON.parse(row.actor),
    tenant: row.tenant,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: JSON.parse(row.data),
  });
}

function translate(error: unknown): unknown {
  if (error instanceof WrongExpectedRevisionError) return error;
  return isStoreUnavailable(error) ? new StoreUnavailableError(error) : error;
}
