import { decodeCursor, encodeCursor, type Page } from '../engine/cursor.ts';
import type { ReadStore } from '../engine/read-store.ts';
import { byActivityTime, learningLogsProjection } from './projection.ts';
import { statusOf, type LogStatus } from './review-queue.ts';
import {
  keys,
  type EntryIndexItem,
  type EntryView,
  type LogEntriesView,
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
    return { ...log, ...statusOf(log, await this.#index(tenant, logId)) };
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
    const matching = (await this.#index(tenant, logId)).filter(matches(filter));

    let start = 0;
    if (filter.after !== undefined) {
      const key = decodeCursor(filter.after, 2);
      if (key === undefined) throw new InvalidCursorError();
      const last = {
        occurredAt: key[0]!,
        entryId: key[1]!,
        authorId: '',
        reviewed: false,
        withdrawn: false,
      };
      start = matching.findIndex((item) => byActivityTime(item, last) > 0);
      if (start === -1) start = matching.length;
    }

    const page = matching.slice(start, start + filter.limit);
    const found = await this.store.getMany<EntryView>(
      name,
      page.map((item) => keys.entry(item.entryId)),
    );
    const items = page.map((item) => found.get(keys.entry(item.entryId))!);
    const last = page[page.length - 1];
    const more = start + filter.limit < matching.length;

    return {
      items,
      next: more && last !== undefined ? encodeCursor([last.occurredAt, last.entryId]) : null,
    };
  }

  /** Entries not yet reviewed nor withdrawn whose activity happened at or before `upTo`. */
  async unreviewedUpTo(tenant: string, logId: string, upTo: string): Promise<EntryIndexItem[]> {
    const limit = new Date(upTo).toISOString();
    return (await this.#index(tenant, logId)).filter(
      (item) => !item.reviewed && !item.withdrawn && item.occurredAt <= limit,
    );
  }

  async #index(tenant: string, logId: string): Promise<EntryIndexItem[]> {
    if ((await this.log(tenant, logId)) === undefined) return [];
    const index = await this.store.get<LogEntriesView>(name, keys.logEntries(logId));
    return index?.entries ?? [];
  }
}

function matches(filter: EntryFilter): (item: EntryIndexItem) => boolean {
  const from = filter.from === undefined ? undefined : new Date(filter.from).toISOString();
  const to = filter.to === undefined ? undefined : new Date(filter.to).toISOString();

  return (item) =>
    (from === undefined || item.occurredAt >= from) &&
    (to === undefined || item.occurredAt < to) &&
    (filter.authorId === undefined || item.authorId === filter.authorId) &&
    (filter.reviewed === undefined || item.reviewed === filter.reviewed);
}
