import type { ExpectedRevision } from './port.ts';

/** The stream was not at the revision the caller expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  /** The stream's actual last revision, or -1 when it does not exist. */
  readonly actual: number;

  constructor(stream: string, expected: ExpectedRevision, actual: number) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }
}

/** An error's message followed by its cause's, for an operator reading why a store would not open. */
export function explained(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error ? `${message}: ${cause.message}` : message;
}

/** The store cannot take writes right now (disk full, read-only, database down). */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('event store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

// SQLite's codes for a statement that did not happen and may succeed later: the disk is full or
// read-only, an I/O error, a file that cannot be opened, or a lock held too long.
const sqliteUnavailable = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY)/;

/**
 * Whether an error means that the store cannot take the request now but may
 * shortly: a StoreUnavailableError, or such an error straight from SQLite,
 * which every SQLite adapter may throw. Callers answer 503.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && sqliteUnavailable.test(code);
}

/** Throws the conflict for the first stream that no longer stands where the caller read it. */
export function checkUnchanged(
  unchanged: readonly { stream: string; revision: number }[],
  actualRevision: (stream: string) => number,
): void {
  for (const { stream, revision } of unchanged) {
    const actual = actualRevision(stream);
    if (actual !== revision) throw new WrongExpectedRevisionError(stream, revision, actual);
  }
}

export function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return actual === -1;
  if (expected === 'exists') return actual >= 0;
  return expected === actual;
}
