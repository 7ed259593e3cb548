/**
 * Opaque list cursors: the sort key of the last item a page held, so the next
 * page starts after it even when items were inserted meanwhile.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key inside a cursor, or undefined when the cursor is not one of ours. */
export function decodeCursor(cursor: string, parts: number): string[] | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid =
      Array.isArray(key) && key.length === parts && key.every((part) => typeof part === 'string');
    return valid ? (key as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page; null on the last page. */
  next: string | null;
}
