/**
 * The event store port. Adapters (SQLite now, PostgreSQL next) implement it and
 * pass the one contract suite in test/event-store/. It knows streams, revisions
 * and positions, never what an event means.
 */

/** Who caused an event: the actor behind the request, with role and client system. */
export interface Actor {
  /** The person id of an employee, or `system:<name>` for an integrating system. */
  readonly id: string;
  readonly kind: 'employee' | 'system';
  readonly role: 'author' | 'reviewer' | 'auditor' | 'admin';
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
  /** Global position, strictly increasing across all streams, starting at 1. */
  readonly position: number;
}

/**
 * `no-stream`: the stream must not exist; `exists`: it must; `any`: no check;
 * a number: the stream's last revision must be exactly that.
 */
export type ExpectedRevision = 'no-stream' | 'exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event appended. */
  readonly revision: number;
  /** Global position of the last event appended. */
  readonly position: number;
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  readonly toRevision?: number;
  /** Only events recorded at or before this instant (ISO 8601). */
  readonly asOf?: string;
}

export interface ReadAllOptions {
  /** Events with a position strictly greater than this; 0 reads from the start. */
  readonly after: number;
  readonly limit: number;
}

export interface Subscription {
  close(): void;
}

export interface EventStore {
  append(
    stream: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;

  /** Whether any event records this causation id: did a request write before it was lost? */
  hasEventsCausedBy(causationId: string): Promise<boolean>;

  /** Position of the newest event, 0 when the store is empty. */
  headPosition(): Promise<number>;

  /**
   * Calls `onEvents` with every event after `after`, in order, in batches, then
   * with each later append. Batches are delivered one at a time: the next waits
   * until the promise from the previous one settles. When that promise
   * rejects, the same batch is delivered again later.
   */
  subscribe(after: number, onEvents: (events: StoredEvent[]) => Promise<void>): Subscription;

  close(): Promise<void>;
}
