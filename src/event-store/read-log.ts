import { cursorOf, logStart, type LogCursor } from './log-cursor.ts';
import type { EventStore, StoredEvent } from './port.ts';

/**
 * Every event after `after`, page by page, in the store's order: for exports,
 * copies and checks. With `tenant`, only that organisation's events.
 */
export async function* pagesOf(
  store: EventStore,
  pageSize: number,
  after: LogCursor = logStart,
  tenant?: string,
): AsyncGenerator<StoredEvent[]> {
  for (let cursor = after; ;) {
    const page = await store.readAll({ after: cursor, limit: pageSize, tenant });
    if (page.length === 0) return;
    yield page;
    cursor = cursorOf(page[page.length - 1]!);
  }
}
