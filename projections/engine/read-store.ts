import type { LogCursor } from '../../src/event-store/log-cursor.ts';
import type { Doc } from './projection.ts';

/** A projection that met an event it could not apply. It stops there and says so. */
export interface ProjectionFailure {
  readonly projection: string;
  readonly position: number;
  readonly eventType: string;
  readonly message: string;
}

/** How far the read models have come, as stored: what any process can see. */
export interface ReadModelProgress {
  readonly checkpoints: ReadonlyMap<string, LogCursor>;
  readonly failures: readonly ProjectionFailure[];
}

/**
 * Another process moved a projection's checkpoint since this one read it: its
 * batch is not stored, so no event is applied twice.
 */
export class CheckpointMovedError extends Error {
  constructor(readonly projection: string) {
    super(`the checkpoint of ${projection} was moved by another projector`);
    this.name = 'CheckpointMovedError';
  }
}

export interface KeyRange {
  readonly from?: string;
  readonly after?: string;
  readonly below?: string;
  readonly limit?: number;
}

/** The bounds of a range as two keys, the lower one inclusive or not, and a row limit. */
export function boundsOf(prefix: string, bounds: KeyRange = {}) {
  // Keys are ASCII; U+FFFF sorts after every character they can hold.
  const end = `${prefix}\uffff`;
  const below = bounds.below === undefined || bounds.below > end ? end : bounds.below;
  const lower = bounds.after ?? bounds.from ?? prefix;
  return {
    lower: lower < prefix ? prefix : lower,
    inclusive: bounds.after === undefined,
    below,
    // SQLite reads -1 and PostgreSQL reads null as no limit; both take a number here.
    limit: bounds.limit ?? Number.MAX_SAFE_INTEGER,
  };
}

/** One projection's share of a batch: its documents and where its checkpoint moves. */
export interface ProjectionCommit {
  readonly projection: string;
  readonly writes: ReadonlyMap<string, Doc | null>;
  readonly from: LogCursor;
  readonly to: LogCursor;
}

/**
 * Where read models live: documents by projection and key, and each
 * projection's checkpoint. `commit` stores a batch of documents together with
 * the new checkpoint atomically, so an event is applied exactly once even
 * across a crash.
 */
export interface ReadStore {
  get<D extends Doc>(projection: string, key: string): Promise<D | undefined>;
  getMany<D extends Doc>(projection: string, keys: readonly string[]): Promise<Map<string, D>>;
  /**
   * Documents whose keys start with `prefix`, in key order (by bytes), from
   * `bounds.from` (inclusive) or after `bounds.after`, and below
   * `bounds.below`, at most `bounds.limit` of them. Bounds are whole keys.
   * A projection keeps a long ordered list this way, one document per item,
   * so that adding an item rewrites one small document, not the list.
   */
  range<D extends Doc>(
    projection: string,
    prefix: string,
    bounds?: KeyRange,
  ): Promise<Array<[string, D]>>;
  checkpoint(projection: string): Promise<LogCursor>;
  /**
   * Stores the documents and moves the checkpoint from `from` to `to`, in one
   * transaction; throws CheckpointMovedError, storing nothing, when the stored
   * checkpoint is no longer `from`. A projection that moves on is no longer
   * stalled, so its recorded failure goes.
   */
  commit(
    projection: string,
    writes: ReadonlyMap<string, Doc | null>,
    checkpoint: { from: LogCursor; to: LogCursor },
  ): Promise<void>;
  /**
   * Several projections' commits in one transaction: all are stored or none
   * (CheckpointMovedError when any one's checkpoint moved). A batch of events
   * then costs the read models one transaction, not one per projection.
   */
  commitAll(commits: readonly ProjectionCommit[]): Promise<void>;
  /** Keeps a projection's stall where every process (and /health/ready) can see it. */
  recordFailure(failure: ProjectionFailure): Promise<void>;
  progress(): Promise<ReadModelProgress>;
  /** Forgets a projection's documents, checkpoint and failure, before a rebuild. */
  reset(projection: string): Promise<void>;
  /** Every document of a projection, by key in order, as stored. */
  dump(projection: string): Promise<Array<[string, string]>>;
}
