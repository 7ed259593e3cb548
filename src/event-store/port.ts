import type { LogCursor } from './log-cursor.ts';

/**
 * The event store port. Adapters (SQLite and PostgreSQL) implement it and pass
 * the one contract suite in test/event-store/. It knows streams, revisions and
 * positions, never what an event means.
 */

/** What a caller may do: the matrix in src/http/auth/permissions.ts says which operations each role may call. */
export const roles = ['author', 'reviewer', 'auditor', 'admin', 'integration'] as const;

/** Who caused an event: the actor behind the request, with role and client system. */
export interface Actor {
  /** The person id of an employee, or `system:<name>` for an integrating system. */
  readonly id: string;
  readonly kind: 'employee' | 'system';
  readonly role: (typeof roles)[number];
  /** The API key (by its public prefix) or client system the request came through. */
  readonly via: string;
}

/** What a caller hands to `append`: the store adds stream, revision, position and id. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  /** Server clock, always in `Date#toISOString()` form: `asOf` reads compare it as text. */
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly tenant: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly data: Record<string, unknown>;
}

/** The full envelope every stored event carries. */
export interface StoredEvent extends NewEvent {
  readonly stream: string;
  /** 0-based revision within its stream. */
  readonly revision: number;
  /** Global position: unique across all streams, starting at 1, growing with each append. */
  readonly position: number;
  /**
   * Orders the transaction that wrote the event among all others as they
   * became visible; readers receive events in `(commit, position)` order.
   */
  readonly commit: number;
}

/**
 * `no-stream`: the stream must not exist; `exists`: it must; `any`: no check;
 * a number: the stream's last revision must be exactly that.
 */
export type ExpectedRevision = 'no-stream' | 'exists' | 'any' | number;

/** A stream and the revision it must still stand at (-1: it must not exist). */
export interface StreamRevision {
  readonly stream: string;
  readonly revision: number;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  /**
   * Other streams a decision rested on, which must still stand at the
   * revisions it read when the events are stored. Checked in the same
   * transaction as the append, so two decisions that each rest on the
   * other's stream cannot both be stored. A mismatch is a conflict on that
   * stream, and nothing is written.
   */
  readonly unchanged?: readonly StreamRevision[];
}

export interface AppendResult extends LogCursor {
  /** Revision of the last event appended. */
  readonly revision: number;
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  readonly toRevision?: number;
  /** Only events recorded at or before this instant (ISO 8601). */
  readonly asOf?: string;
}

export interface ReadAllOptions {
  /** Events after this cursor; `logStart` reads from the beginning. */
  readonly after: LogCursor;
  readonly limit: number;
  /** Only this organisation's events: a page then holds up to `limit` of them. */
  readonly tenant?: string;
}

export interface Subscription {
  close(): void;
}

export interface EventStore {
  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /**
   * Stores events copied from another store, in the order given and in one
   * transaction, keeping their ids, streams, revisions and envelopes; this
   * store gives them positions of its own. For moving a whole log between
   * stores: the caller copies streams from their first revision, in order.
   */
  importEvents(events: readonly StoredEvent[]): Promise<void>;

  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /**
   * Events in `(commit, position)` order. Only events no reader can ever see
   * out of order are returned: on PostgreSQL, an event waits while a
   * transaction that began before it commits is still open.
   */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;

  /** Whether any event records this causation id: did a request write before it was lost? */
  hasEventsCausedBy(causationId: string): Promise<boolean>;

  /** The cursor of the newest event `readAll` returns now; `logStart` when there is none. */
  head(): Promise<LogCursor>;

  /** Position of that newest event, 0 when there is none: for display and counting. */
  headPosition(): Promise<number>;

  /**
   * Calls `onEvents` with every event after `after`, in order, in batches, then
   * with each later append. Batches are delivered one at a time: the next waits
   * until the promise from the previous one settles. When that promise
   * rejects, the same batch is delivered again later.
   */
  subscribe(after: LogCursor, onEvents: (events: StoredEvent[]) => Promise<void>): Subscription;

  close(): Promise<void>;
}
