import { WrongExpectedRevisionError } from '../event-store/errors.ts';
import type { ExpectedRevision } from '../event-store/port.ts';
import { PreconditionFailedError } from './errors.ts';

/**
 * Runs an append to `stream` guarded by the version a client read (its
 * If-Match). A version is a stream's revision + 1, so version 0 is a stream
 * not yet written. A stale version, or a race on that stream lost to another
 * writer, is reported as a failed precondition; a conflict on another stream
 * the append rested on stays a conflict. Without If-Match the append expects
 * what was loaded.
 */
export async function guardedByVersion<T>(
  stream: string,
  ifMatch: number | undefined,
  currentVersion: number,
  append: (expectedRevision: ExpectedRevision | undefined) => Promise<T>,
): Promise<T> {
  if (ifMatch === undefined) return append(undefined);
  if (ifMatch !== currentVersion) throw new PreconditionFailedError(ifMatch, currentVersion);

  try {
    return await append(ifMatch === 0 ? 'no-stream' : ifMatch - 1);
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError && error.stream === stream)
      throw new PreconditionFailedError(ifMatch, error.actual + 1);
    throw error;
  }
}
