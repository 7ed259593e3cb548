import { WrongExpectedRevisionError } from '../event-store/errors.ts';
import type { ExpectedRevision } from '../event-store/port.ts';
import { PreconditionFailedError } from './errors.ts';

/**
 * Runs an append guarded by the version a client read (its If-Match). A
 * version is a stream's revision + 1, so version 0 is a stream not yet
 * written. A stale version, or a race lost to another writer, is reported as
 * a failed precondition. Without If-Match the append expects what was loaded.
 */
export async function guardedByVersion<T>(
  ifMatch: number | undefined,
  currentVersion: number,
  append: (expectedRevision: ExpectedRevision | undefined) => Promise<T>,
): Promise<T> {
  if (ifMatch === undefined) return append(undefined);
  if (ifMatch !== currentVersion) throw new PreconditionFailedError(ifMatch, currentVersion);

  try {
    return await append(ifMatch === 0 ? 'no-stream' : ifMatch - 1);
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError)
      throw new PreconditionFailedError(ifMatch, error.actual + 1);
    throw error;
  }
}
