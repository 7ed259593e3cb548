import { ChannelListener } from '../postgres/channel-listener.ts';
import type { PostgresDatabase } from '../postgres/database.ts';
import { checkUnchanged, revisionMatches, WrongExpectedRevisionError } from './errors.ts';
import { Drain } from './drain.ts';
import { logStart, type LogCursor } from './log-cursor.ts';
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

interface EventRow {
  position: string;
  commit_id: string;
  id: string;
  stream: string;
  revision: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  actor: StoredEvent['actor'];
  tenant: string;
  correlation_id: string;
  causation_id: string | null;
  data: Record<string, unknown>;
}

const columns = `position, transaction_id::text AS commit_id, id, stream, revision, type,
  schema_version, occurred_at, recorded_at, actor, tenant, correlation_id, causation_id, data`;

/**
 * Only transactions older than every one still running are final: none of
 * them can commit an event that sorts below what a reader has passed. A
 * transaction that rolls back simply ends, and the horizon moves past it.
 */
const settled = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

/** Wakes subscribers in every instance when events commit. */
export const eventsChannel = 'learning_log_events';

/**
 * How often a subscription looks again without being woken: a rolled-back
 * transaction sends no notification, yet the events behind it become readable.
 */
const pollIntervalMs = 250;
const subscriptionBatch = 500;

/** The event store on PostgreSQL; the schema comes from src/postgres/migrations.ts. */
export class PostgresEventStore implements EventStore {
  readonly #db: PostgresDatabase;
  readonly #subscriptions = new Set<Subscription>();

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const unchanged = options.unchanged ?? [];

    return this.#db.transaction(async () => {
      // Writers to one stream queue here, so the revisions read below are still the last ones
      // when this transaction inserts. Other streams do not wait. Locks are taken in name order,
      // so two appends that lock the same streams cannot wait for each other in a circle.
      const locked = [...new Set([stream, ...unchanged.map((other) => other.stream)])].sort();
      for (const name of locked) {
        await this.#db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
      }
      const revisions = await this.#lastRevisions(locked);
      const actual = revisions.get(stream) ?? -1;
      if (!revisionMatches(options.expectedRevision, actual)) {
        throw new WrongExpectedRevisionError(stream, options.expectedRevision, actual);
      }
      checkUnchanged(unchanged, (other) => revisions.get(other) ?? -1);

      const rows = await this.#db.query<{ position: string; commit_id: string }>(
        insertStatement(events.length),
        events.flatMap((event, index) => valuesOf(event, stream, actual + 1 + index)),
      );
      await this.#db.query('SELECT pg_notify($1, NULL)', [eventsChannel]);

      return {
        revision: actual + events.length,
        position: Math.max(...rows.map((row) => Number(row.position))),
        commit: Number(rows[0]!.commit_id),
      };
    });
  }

  async importEvents(events: readonly StoredEvent[]): Promise<void> {
    await this.#db.transaction(async () => {
      for (let start = 0; start < events.length; start += importBatch) {
        const batch = events.slice(start, start + importBatch);
        await this.#db.query(
          insertStatement(batch.length),
          batch.flatMap((event) => valuesOf(event, event.stream, event.revision)),
        );
      }
      await this.#db.query('SELECT pg_notify($1, NULL)', [eventsChannel]);
    });
  }

  async #lastRevisions(streams: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.#db.query<{ stream: string; revision: number }>(
      'SELECT stream, MAX(revision) AS revision FROM events WHERE stream = ANY($1) GROUP BY stream',
      [streams],
    );
    return new Map(rows.map((row) => [row.stream, row.revision]));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = await this.#db.query<EventRow>(
      `SELECT ${columns} FROM events
        WHERE stream = $1 AND revision >= $2 AND revision <= $3 AND recorded_at <= $4
        ORDER BY revision`,
      [
        stream,
        options.fromRevision ?? 0,
        Math.min(options.toRevision ?? 2 ** 31 - 1, 2 ** 31 - 1),
        options.asOf === undefined ? '9999' : new Date(options.asOf).toISOString(),
      ],
    );
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    const values = [String(options.after.commit), options.after.position, options.limit];
    const oneTenant = options.tenant === undefined ? '' : 'AND tenant = $4';
    const rows = await this.#db.query<EventRow>(
      `SELECT ${columns} FROM events
        WHERE (transaction_id, position) > ($1::text::xid8, $2) AND ${settled} ${oneTenant}
        ORDER BY transaction_id, position
        LIMIT $3`,
      options.tenant === undefined ? values : [...values, options.tenant],
    );
    return rows.map(toStoredEvent);
  }

  async hasEventsCausedBy(causationId: string): Promise<boolean> {
    const rows = await this.#db.query('SELECT 1 FROM events WHERE causation_id = $1 LIMIT 1', [
      causationId,
    ]);
    return rows.length > 0;
  }

  async head(): Promise<LogCursor> {
    const [row] = await this.#db.query<{ position: string; commit_id: string }>(
      `SELECT position, transaction_id::text AS commit_id FROM events WHERE ${settled}
        ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    return row === undefined
      ? logStart
      : { commit: Number(row.commit_id), position: Number(row.position) };
  }

  async headPosition(): Promise<number> {
    return (await this.head()).position;
  }

  subscribe(after: LogCursor, onEvents: (events: StoredEvent[]) => Promise<void>): Subscription {
    const drain = new Drain(
      after,
      (from) => this.readAll({ after: from, limit: subscriptionBatch }),
      onEvents,
    );
    // Notifications make delivery prompt; the poll alone would be correct, only slower.
    const listener = new ChannelListener(this.#db, eventsChannel, () => drain.wake());
    const timer = setInterval(() => drain.wake(), pollIntervalMs);
    timer.unref();
    // The first read waits for the first attempt to listen, so nothing commits unheard between.
    void listener.start().then(() => drain.wake());

    const subscription: Subscription = {
      close: () => {
        drain.close();
        clearInterval(timer);
        void listener.close();
        this.#subscriptions.delete(subscription);
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    for (const subscription of this.#subscriptions) subscription.close();
  }
}

const fieldsPerEvent = 12;
/** Rows per INSERT when importing: well under PostgreSQL's 65,535 parameters per statement. */
const importBatch = 1000;

/** The insert of `count` events, returning each one's position and transaction. */
export function insertStatement(count: number): string {
  const rows = Array.from({ length: count }, (_, row) => {
    const base = row * fieldsPerEvent;
    const placeholders = Array.from(
      { length: fieldsPerEvent },
      (_, field) => `$${base + field + 1}`,
    );
    return `(${placeholders.join(', ')})`;
  });
  return `INSERT INTO events (id, stream, revision, type, schema_version, occurred_at, recorded_at,
                              actor, tenant, correlation_id, causation_id, data)
          VALUES ${rows.join(', ')}
          RETURNING position, transaction_id::text AS commit_id`;
}

/** The parameters of one event in `insertStatement`. */
export function valuesOf(event: NewEvent, stream: string, revision: number): unknown[] {
  return [
    event.id,
    stream,
    revision,
    event.type,
    event.schemaVersion,
    event.occurredAt,
    event.recordedAt,
    JSON.stringify(event.actor),
    event.tenant,
    event.correlationId,
    event.causationId,
    JSON.stringify(event.data),
  ];
}

function toStoredEvent(row: EventRow): StoredEvent {
  return upcast({
    id: row.id,
    type: row.type,
    schemaVersion: row.schema_version,
    stream: row.stream,
    revision: row.revision,
    position: Number(row.position),
    commit: Number(row.commit_id),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    tenant: row.tenant,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: row.data,
  });
}
