import type { EntryContent } from '../../src/domain/events.ts';
import type { LogSubject, ReviewRhythm } from '../../src/domain/vocabulary.ts';

export interface LogView {
  [field: string]: unknown;
  logId: string;
  tenant: string;
  subject: LogSubject;
  purpose: string;
  reviewRhythm: ReviewRhythm;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closeReason: string | null;
  entryCount: number;
  /** Entries neither reviewed nor withdrawn: those a review still has to cover. */
  unreviewedEntries: number;
  reviewIds: string[];
  lastReviewedAt: string | null;
}

/**
 * What listing and filtering a log's entries needs: one document per entry,
 * keyed so that key order is activity-time order (see `keys.entryItem`).
 */
export interface EntryIndexItem {
  [field: string]: unknown;
  entryId: string;
  occurredAt: string;
  authorId: string;
  reviewed: boolean;
  withdrawn: boolean;
}

export interface Amendment {
  amendedBy: string;
  amendedAt: string;
  reason: string;
  content: EntryContent;
}

export interface EntryView {
  [field: string]: unknown;
  entryId: string;
  logId: string;
  tenant: string;
  authorId: string;
  writtenAt: string;
  /** Increases with every amendment or withdrawal; the entry's ETag. */
  version: number;
  /** The entry as it reads now, after any amendments. */
  content: EntryContent;
  /** The entry as first written. */
  original: EntryContent;
  amendments: Amendment[];
  withdrawal: { withdrawnBy: string; withdrawnAt: string; reason: string } | null;
  /** Completed reviews that covered this entry. */
  reviewedIn: string[];
}

/** Every log of one organisation, in the order they were opened. */
export interface OrganisationLogsView {
  [field: string]: unknown;
  tenant: string;
  logIds: string[];
}

export type LearningLogs = LogView | EntryIndexItem | EntryView | OrganisationLogsView;

/** An entry's place in its log's lists: when its activity happened, then its id. */
export interface ListPlace {
  readonly logId: string;
  readonly occurredAt: string;
  readonly entryId: string;
}

export const keys = {
  log: (logId: string) => `log:${logId}`,
  entry: (entryId: string) => `entry:${entryId}`,
  organisationLogs: (tenant: string) => `logs-of:${tenant}`,
  /** Every entry of a log. The instant is ISO 8601 in UTC, whose text sorts in time order. */
  entryItems: (logId: string) => `entry-of:${logId}:`,
  entryItem: (place: ListPlace) => `${keys.entryItems(place.logId)}${placeOf(place)}`,
  /** The entries of a log still waiting for a review, in the same order. */
  waitingItems: (logId: string) => `waiting-in:${logId}:`,
  waitingItem: (place: ListPlace) => `${keys.waitingItems(place.logId)}${placeOf(place)}`,
};

function placeOf({ occurredAt, entryId }: ListPlace): string {
  return `${occurredAt}:${entryId}`;
}
