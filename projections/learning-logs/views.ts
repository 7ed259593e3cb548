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
  reviewIds: string[];
  lastReviewedAt: string | null;
}

/** What listing and filtering a log's entries needs, kept in activity-time order. */
export interface EntryIndexItem {
  entryId: string;
  occurredAt: string;
  authorId: string;
  reviewed: boolean;
  withdrawn: boolean;
}

export interface LogEntriesView {
  [field: string]: unknown;
  logId: string;
  entries: EntryIndexItem[];
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

export type LearningLogs = LogView | LogEntriesView | EntryView | OrganisationLogsView;

export const keys = {
  log: (logId: string) => `log:${logId}`,
  logEntries: (logId: string) => `log-entries:${logId}`,
  entry: (entryId: string) => `entry:${entryId}`,
  organisationLogs: (tenant: string) => `logs-of:${tenant}`,
};
