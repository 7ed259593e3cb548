import type { LogView } from './views.ts';

const rhythmDays: Partial<Record<LogView['reviewRhythm'], number>> = { weekly: 7, fortnightly: 14 };

/** A log as a reviewer sees it: what is waiting, and when the next review is due. */
export interface LogStatus {
  unreviewedEntries: number;
  /** When the activity of the oldest entry still waiting happened. */
  oldestUnreviewed: string | null;
  /** The rhythm's next date after the last review (or the opening); null for rhythms without a calendar. */
  reviewDue: string | null;
}

/**
 * Reviews fall due by the log's rhythm from its last review, or from its
 * opening. Rhythms tied to meetings or supervision have no date of their own.
 */
export function statusOf(log: LogView, oldestWaiting: string | null): LogStatus {
  return {
    unreviewedEntries: log.unreviewedEntries,
    oldestUnreviewed: oldestWaiting,
    reviewDue:
      log.status === 'open' ? dueAfter(log.lastReviewedAt ?? log.openedAt, log.reviewRhythm) : null,
  };
}

function dueAfter(since: string, rhythm: LogView['reviewRhythm']): string | null {
  const due = new Date(since);
  const days = rhythmDays[rhythm];
  if (days !== undefined) due.setUTCDate(due.getUTCDate() + days);
  else if (rhythm === 'monthly') due.setUTCMonth(due.getUTCMonth() + 1);
  else return null;
  return due.toISOString();
}
