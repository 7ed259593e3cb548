import { ChannelListener } from '../postgres/channel-listener.ts';
import type { PostgresDatabase } from '../postgres/database.ts';
import { StoreUnavailableError } from './errors.ts';
import { Drain } from './drain.ts';
import { logStart, type LogCursor } from './log-cursor.ts';
import { settle, type Outcome, type PendingAppend } from './pending-append.ts';
import {
  appendBatch,
  type BatchOutcome,
  eventsChannel,
  insertStatement,
  rowsPerInsert,
  valuesOf,
} from './postgres-batch.ts';
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

/**
 * How often a subscription looks again without being woken: a rolled-back
 * transaction sends no notification, yet the events behind it become readable.
 */
const pollIntervalMs = 250;
const subscriptionBatch = 500;
/** Appends per transaction at most: a batch that big already shares its costs fifty ways. */
const appendsPerBatch = 200;
/** How long an append may wait for its batch: as long as getting a connection may take. */
const queueTimeoutMs = 5_000;

/** An append waiting for a batch, refused at its deadline if no batch has taken it by then. */
type QueuedAppend = PendingAppend & { readonly deadline: NodeJS.Timeout };

/** The event store on PostgreSQL; the schema comes from src/postgres/migrations.ts. */
export class PostgresEventStore implements EventStore {
  readonly #db: PostgresDatabase;
  readonly #subscriptions = new Set<Subscription>();
  #pending: QueuedAppend[] = [];
  #committing = false;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  /**
   * Group commit: appends that arrive while a batch is being committed wait
   * and go together in the next transaction, so they share its round trips
   * and its wait for the disk. Each keeps its own expected revision, and only
   * an append whose check fails is refused. An append is answered only once
   * the transaction holding it has committed.
   */
  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (events.length === 0)
      return Promise.reject(new RangeError('append needs at least one event'));

    return new Promise((resolve, reject) => {
      const append = { stream, events, options, resolve, reject };
      // Inside a caller's transaction, the append belongs to it, not to a batch of its own.
      if (this.#db.inTransaction) {
        void this.#commitAlone(append);
        return;
      }
      const queued: QueuedAppend = {
        ...append,
        deadline: setTimeout(() => this.#expire(queued), queueTimeoutMs).unref(),
      };
      this.#pending.push(queued);
      if (!this.#committing) void this.#commitPending();
    });
  }

  /**
   * A batch stuck in the database (one frozen, or answering nothing) must not
   * hold the appends behind it for ever: after as long as getting a
   * connection may take, they are refused as unavailable (503).
   */
  #expire(queued: QueuedAppend): void {
    const at = this.#pending.indexOf(queued);
    if (at === -1) return;
    this.#pending.splice(at, 1);
    queued.reject(new StoreUnavailableError(new Error('the append waited too long for a batch')));
  }

  /** Commits batch after batch until no append is waiting; one batch at a time. */
  async #commitPending(): Promise<void> {
    this.#committing = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, appendsPerBatch);
        for (const { deadline } of batch) clearTimeout(deadline);
        await this.#commitBatch(batch);
      }
    } finally {
      this.#committing = false;
    }
  }

  async #commitBatch(batch: readonly PendingAppend[]): Promise<void> {
    let outcomes: BatchOutcome[];
    try {
      outcomes = await this.#db.transaction(() => appendBatch(this.#db, batch, { wait: false }));
    } catch (error) {
      // One append's events may break a rule of the table and so undo the batch: each then
      // goes alone, so it fails alone. A database gone away fails them all at once.
      if (error instanceof StoreUnavailableError || batch.length === 1) {
        for (const append of batch) append.reject(error);
      } else {
        void this.#commitEachAlone(batch);
      }
      return;
    }

    // Appends whose streams another transaction holds wait for them alone, beside the next batch.
    batch.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if ('busy' in outcome) void this.#commitAlone(append);
      else settle([append], [outcome]);
    });
  }

  /** The appends of an undone batch one after another, in the order they were asked for. */
  async #commitEachAlone(batch: readonly PendingAppend[]): Promise<void> {
    for (const append of batch) await this.#commitAlone(append);
  }

  /** One append in a transaction of its own, waiting for its streams' locks as long as it takes. */
  async #commitAlone(append: PendingAppend): Promise<void> {
    try {
      const [outcome] = await this.#db.transaction(() =>
        appendBatch(this.#db, [append], { wait: true }),
      );
      settle([append], [outcome as Outcome]);
    } catch (error) {
      append.reject(error);
    }
  }

  async importEvents(events: readonly StoredEvent[]): Promise<void> {
    await this.#db.transaction(async () => {
      for (let start = 0; start < events.length; start += rowsPerInsert) {
        const batch = events.slice(start, start + rowsPerInsert);
        await this.#db.query(
          insertStatement(batch.length),
          batch.flatMap((event) => valuesOf(event, event.stream, event.revision)),
        );
      }
      await this.#db.query('SELECT pg_notify($1, NULL)', [eventsChannel]);
    });
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
