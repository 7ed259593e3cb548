import type { Actor } from '../event-store/port.ts';

/** Whose records a read showed: a person's, or a team's plan. */
export interface ReadSubject {
  readonly kind: 'person' | 'team';
  readonly id: string;
}

/** One answered read of someone's records: who, what, when, and through which key or token. */
export interface RecordRead {
  readonly tenant: string;
  readonly readAt: string;
  readonly actor: Pick<Actor, 'id' | 'role' | 'via'>;
  /** The operation's id in the OpenAPI document, e.g. `getPeoplePersonIdProfile`. */
  readonly operation: string;
  /** The path read, without its query string (which may carry personal values). */
  readonly path: string;
  /** Null for reads across many people, such as the event feed. */
  readonly subject: ReadSubject | null;
  readonly requestId: string;
}

/** A read as listed to auditors, with its place in the organisation's read log. */
export interface ListedRead extends RecordRead {
  readonly sequence: number;
}

export interface ReadFilter {
  readonly subjectId?: string;
  readonly actorId?: string;
  /** Reads at or after this instant. */
  readonly from?: string;
  /** Reads before this instant. */
  readonly to?: string;
  /** Only reads after this sequence number: the cursor of the previous page. */
  readonly after?: number;
  readonly limit: number;
}

/**
 * The read log: append-only, one organisation's reads listed in the order
 * they were recorded. It is kept apart from the event log on purpose: a read
 * changes nothing, and the feed and the projections have no use for it.
 */
export interface ReadAuditStore {
  append(reads: readonly RecordRead[]): Promise<void>;
  list(tenant: string, filter: ReadFilter): Promise<ListedRead[]>;
}
