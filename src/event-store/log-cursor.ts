/**
 * A place in the global log: "every event up to and including this one".
 *
 * Readers receive events in `(commit, position)` order. `commit` orders the
 * transactions that wrote them as they became visible: on SQLite, whose single
 * writer commits in position order, it equals the position; on PostgreSQL it
 * is the writing transaction's id, so an event whose transaction commits late
 * still sorts after everything a reader has already passed.
 */
export interface LogCursor {
  readonly commit: number;
  readonly position: number;
}

/** Before the first event. */
export const logStart: LogCursor = { commit: 0, position: 0 };

export function compareCursors(a: LogCursor, b: LogCursor): number {
  return a.commit - b.commit || a.position - b.position;
}

export function isAfter(a: LogCursor, b: LogCursor): boolean {
  return compareCursors(a, b) > 0;
}

/** The cursor just after an event: what a reader that applied it keeps. */
export function cursorOf(event: LogCursor): LogCursor {
  return { commit: event.commit, position: event.position };
}

export function earliest(cursors: Iterable<LogCursor>): LogCursor {
  let found: LogCursor | undefined;
  for (const cursor of cursors) {
    if (found === undefined || compareCursors(cursor, found) < 0) found = cursor;
  }
  return found ?? logStart;
}

/**
 * The text form used by the event feed: the bare position where commit and
 * position agree (always on SQLite), `commit.position` otherwise.
 */
export function formatCursor(cursor: LogCursor): string {
  return cursor.commit === cursor.position
    ? String(cursor.position)
    : `${cursor.commit}.${cursor.position}`;
}

export const cursorPattern = /^(\d{1,15})(?:\.(\d{1,15}))?$/;

/** The cursor a feed token stands for, or undefined when it is not one. */
export function parseCursor(text: string): LogCursor | undefined {
  const match = cursorPattern.exec(text);
  if (match === null) return undefined;

  const commit = Number(match[1]);
  const position = match[2] === undefined ? commit : Number(match[2]);
  return { commit, position };
}
