import { decodeCursor, encodeCursor, type Page } from '../engine/cursor.ts';
import type { ReadStore } from '../engine/read-store.ts';
import { learningLogsProjection } from './projection.ts';
import { statusOf, type LogStatus } from './review-queue.ts';
import {
  keys,
  type EntryIndexItem,
  type EntryView,
  type LogView,
  type OrganisationLogsView,
} from './views.ts';

const name = learningLogsProjection.name;

export interface EntryFilter {
  /** Activity time from (inclusive) and to (exclusive), ISO 8601. */
  from?: string;
  to?: string;
  authorId?: string;
  reviewed?: boolean;
  limit: number;
  after?: string;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this list gave out.');
    this.name = 'InvalidCursorError';
  }
}

export class LearningLogQueries {
  constructor(private readonly store: ReadStore) {}

  async log(tenant: string, logId: string): Promise<LogView | undefined> {
    const log = await this.store.get<LogView>(name, keys.log(logId));
    return log?.tenant === tenant ? log : undefined;
  }

  /** A log with what is waiting for review and when the next review is due. */
  async logWithStatus(tenant: string, logId: string): Promise<(LogView & LogStatus) | undefined> {
    const log = await this.log(tenant, logId);
    if (log === undefined) return undefined;
    const [oldest] = await this.store.range<EntryIndexItem>(name, keys.waitingItems(logId), {
      limit: 1,
    });
    return { ...log, ...statusOf(log, oldest?.[1].occurredAt ?? null) };
  }

  /** The organisation's logs, optionally only those about one person or team, or in one state. */
  async logs(
    tenant: string,
    filter: { subjectId?: string; status?: LogView['status'] },
  ): Promise<Array<LogView & LogStatus>> {
    const listed = await this.store.get<OrganisationLogsView>(name, keys.organisationLogs(tenant));
    const logs: Array<LogView & LogStatus> = [];
    for (const logId of listed?.logIds ?? []) {
      const log = (await this.logWithStatus(tenant, logId))!;
      const subjectId = log.subject.kind === 'person' ? log.subject.personId : log.subject.teamId;
      if (filter.subjectId !== undefined && filter.subjectId !== subjectId) continue;
      if (filter.status !== undefined && filter.status !== log.status) continue;
      logs.push(log);
    }
    return logs;
  }

  /** Open logs with entries waiting or a review due by `now`, the most pressing first. */
  async reviewQueue(tenant: string, now: Date): Promise<Array<LogView & LogStatus>> {
    const open = await this.logs(tenant, { status: 'open' });
    const pressing = open.filter(
      (log) =>
        log.unreviewedEntries > 0 || (log.reviewDue !== null && log.reviewDue <= now.toISOString()),
    );
    return pressing.sort(
      (a, b) =>
        (a.reviewDue ?? '9999').localeCompare(b.reviewDue ?? '9999') ||
        b.unreviewedEntries - a.unreviewedEntries,
    );
  }

  async entry(tenant: string, entryId: string): Promise<EntryView | undefined> {
    const entry = await this.store.get<EntryView>(name, keys.entry(entryId));
    return entry?.tenant === tenant ? entry : undefined;
  }

  async entries(tenant: string, logId: string, filter: EntryFilter): Promise<Page<EntryView>> {
    if ((await this.log(tenant, logId)) === undefined) return { items: [], next: null };

    const prefix = keys.entryItems(logId);
    const after = filter.after === undefined ? undefined : afterCursor(logId, filter.after);
    const page = await this.#matching(prefix, filter, after);

    const found = await this.store.getMany<EntryView>(
      name,
      page.items.map((item) => keys.entry(item.entryId)),
    );
    const last = page.items[page.items.length - 1];
    return {
      items: page.items.map((item) => found.get(keys.entry(item.entryId))!),
      next:
        page.more && last !== undefined
          ? encodeCursor([logId, last.occurredAt, last.entryId])
          : null,
    };
  }

  /** Entries not yet reviewed nor withdrawn whose activity happened at or before `upTo`. */
  async unreviewedUpTo(tenant: string, logId: string, upTo: string): Promise<EntryIndexItem[]> {
    if ((await this.log(tenant, logId)) === undefined) return [];
    // Keys of one instant go on with ':' and an id; ';' sorts just after ':'.
    const below = `${keys.waitingItems(logId)}${new Date(upTo).toISOString()};`;
    const waiting = await this.store.range<EntryIndexItem>(name, keys.waitingItems(logId), {
      below,
    });
    return waiting.map(([, item]) => item);
  }

  /**
   * One page of a log's entry lines that pass the filter, read in slices of
   * the list so that a page costs about what it shows, however long the log.
   */
  async #matching(prefix: string, filter: EntryFilter, after: string | undefined) {
    const from =
      filter.from === undefined ? undefined : prefix + new Date(filter.from).toISOString();
    const below = filter.to === undefined ? undefined : prefix + new Date(filter.to).toISOString();
    // A cursor from another filter could point before `from`, so the filter still checks it.
    const passes = matches(filter);
    const slice = Math.max(filter.limit + 1, 100);
    const items: EntryIndexItem[] = [];

    let cursor = after;
    for (;;) {
      const lines = await this.store.range<EntryIndexItem>(name, prefix, {
        ...(cursor === undefined ? { from } : { after: cursor }),
        below,
        limit: slice,
      });
      for (const [, item] of lines) {
        if (!passes(item)) continue;
        if (items.length === filter.limit) return { items, more: true };
        items.push(item);
      }
      if (lines.length < slice) return { items, more: false };
      cursor = lines[lines.length - 1]![0];
    }
  }
}

const canonicalInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The key of the line a cursor names: the list goes on after it. A cursor is
 * good only for the log that gave it out, and only as it was given: anything
 * else would quietly start the list somewhere, or reach the store unchecked.
 */
function afterCursor(logId: string, cursor: string): string {
  const [cursorLog, occurredAt, entryId] = decodeCursor(cursor, 3) ?? [];
  const ours =
    cursorLog === logId && canonicalInstant.test(occurredAt ?? '') && uuid.test(entryId ?? '');
  if (!ours) throw new InvalidCursorError();
  return keys.entryItem({ logId, occurredAt: occurredAt!, entryId: entryId! });
}

function matches(filter: EntryFilter): (item: EntryIndexItem) => boolean {
  const from = filter.from === undefined ? undefined : new Date(filter.from).toISOString();
  return (item) =>
    (from === undefined || item.occurredAt >= from) &&
    (filter.authorId === undefined || item.authorId === filter.authorId) &&
    (filter.reviewed === undefined || item.reviewed === filter.reviewed);
}
