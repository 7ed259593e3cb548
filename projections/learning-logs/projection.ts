import type { StoredEvent } from '../../src/event-store/port.ts';
import { factOf, withItem } from '../engine/domain-event.ts';
import type { Projection, Writes } from '../engine/projection.ts';
import {
  keys,
  type EntryIndexItem,
  type EntryView,
  type LearningLogs,
  type ListPlace,
  type LogView,
  type OrganisationLogsView,
} from './views.ts';

type Docs = ReadonlyMap<string, LearningLogs | undefined>;

/** Learning logs, their entries as they read now and as first written, and what is reviewed. */
export const learningLogsProjection: Projection<LearningLogs> = {
  name: 'learning-logs',
  // 2: a log's entries are one document each, no longer one list per log.
  version: 2,

  keysOf(event: StoredEvent): string[] {
    const fact = factOf(event);
    switch (fact.type) {
      case 'LearningLogOpened':
        return [keys.log(fact.data.logId), keys.organisationLogs(event.tenant)];
      case 'LearningLogClosed':
      case 'ReviewStarted':
        return [keys.log(fact.data.logId)];
      case 'LearningEntryRecorded':
      case 'LearningEntryWithdrawn':
        return [keys.log(fact.data.logId), keys.entry(fact.data.entryId)];
      case 'LearningEntryAmended':
        return [keys.entry(fact.data.entryId)];
      case 'ReviewCompleted':
        return [keys.log(fact.data.logId), ...fact.data.entryIds.map(keys.entry)];
      default:
        return [];
    }
  },

  apply(event, docs): Writes<LearningLogs> {
    const fact = factOf(event);
    const writes: Writes<LearningLogs> = new Map();
    const at = event.recordedAt;

    switch (fact.type) {
      case 'LearningLogOpened': {
        const { logId, subject, purpose, reviewRhythm } = fact.data;
        const log: LogView = {
          logId,
          tenant: event.tenant,
          subject,
          purpose,
          reviewRhythm,
          status: 'open',
          openedAt: at,
          openedBy: event.actor.id,
          closedAt: null,
          closeReason: null,
          entryCount: 0,
          unreviewedEntries: 0,
          reviewIds: [],
          lastReviewedAt: null,
        };
        const listed = docs.get(keys.organisationLogs(event.tenant)) as
          OrganisationLogsView | undefined;
        writes.set(keys.log(logId), log);
        writes.set(keys.organisationLogs(event.tenant), {
          tenant: event.tenant,
          logIds: [...(listed?.logIds ?? []), logId],
        });
        break;
      }

      case 'LearningLogClosed': {
        const log = logOf(docs, fact.data.logId);
        writes.set(keys.log(log.logId), {
          ...log,
          status: 'closed',
          closedAt: at,
          closeReason: fact.data.reason,
        });
        break;
      }

      case 'LearningEntryRecorded': {
        const { entryId, logId, authorId, content } = fact.data;
        const log = logOf(docs, logId);
        const entry: EntryView = {
          entryId,
          logId,
          tenant: event.tenant,
          authorId,
          writtenAt: at,
          version: 1,
          content,
          original: content,
          amendments: [],
          withdrawal: null,
          reviewedIn: [],
        };
        writes.set(keys.log(logId), {
          ...log,
          entryCount: log.entryCount + 1,
          unreviewedEntries: log.unreviewedEntries + 1,
        });
        writes.set(keys.entry(entryId), entry);
        listed(writes, undefined, entry);
        break;
      }

      case 'LearningEntryAmended': {
        const { entryId, amendedBy, content, reason } = fact.data;
        const entry = entryOf(docs, entryId);
        const amended: EntryView = {
          ...entry,
          version: entry.version + 1,
          content,
          amendments: [...entry.amendments, { amendedBy, amendedAt: at, reason, content }],
        };
        writes.set(keys.entry(entryId), amended);
        listed(writes, entry, amended);
        break;
      }

      case 'LearningEntryWithdrawn': {
        const { entryId, withdrawnBy, reason } = fact.data;
        const entry = entryOf(docs, entryId);
        const withdrawn: EntryView = {
          ...entry,
          version: entry.version + 1,
          withdrawal: { withdrawnBy, withdrawnAt: at, reason },
        };
        const log = logOf(docs, entry.logId);
        writes.set(keys.entry(entryId), withdrawn);
        writes.set(keys.log(log.logId), {
          ...log,
          unreviewedEntries: log.unreviewedEntries - (isWaiting(entry) ? 1 : 0),
        });
        listed(writes, entry, withdrawn);
        break;
      }

      case 'ReviewStarted': {
        const log = logOf(docs, fact.data.logId);
        writes.set(keys.log(log.logId), {
          ...log,
          reviewIds: withItem(log.reviewIds, fact.data.reviewId),
        });
        break;
      }

      case 'ReviewCompleted': {
        const { reviewId, logId, entryIds } = fact.data;
        const log = logOf(docs, logId);
        let stillWaiting = log.unreviewedEntries;

        for (const entryId of entryIds) {
          const entry = entryOf(docs, entryId);
          const reviewed = { ...entry, reviewedIn: withItem(entry.reviewedIn, reviewId) };
          if (isWaiting(entry)) stillWaiting -= 1;
          writes.set(keys.entry(entryId), reviewed);
          listed(writes, entry, reviewed);
        }
        writes.set(keys.log(logId), {
          ...log,
          lastReviewedAt: at,
          unreviewedEntries: stillWaiting,
        });
        break;
      }
    }

    return writes;
  },
};

function logOf(docs: Docs, logId: string): LogView {
  return docs.get(keys.log(logId)) as LogView;
}

function entryOf(docs: Docs, entryId: string): EntryView {
  return docs.get(keys.entry(entryId)) as EntryView;
}

/** An entry waits for a review until one covers it or it is withdrawn. */
function isWaiting(entry: EntryView): boolean {
  return entry.reviewedIn.length === 0 && entry.withdrawal === null;
}

function placeOf(entry: EntryView): ListPlace {
  return {
    logId: entry.logId,
    occurredAt: new Date(entry.content.occurredAt).toISOString(),
    entryId: entry.entryId,
  };
}

/**
 * Puts the entry's line in its log's lists as it now stands, and takes out the
 * lines it had before where they moved (an amended activity time) or went (no
 * longer waiting).
 */
function listed(writes: Writes<LearningLogs>, before: EntryView | undefined, now: EntryView) {
  const place = placeOf(now);
  if (before !== undefined) {
    const old = placeOf(before);
    if (keys.entryItem(old) !== keys.entryItem(place)) writes.set(keys.entryItem(old), null);
    if (isWaiting(before)) writes.set(keys.waitingItem(old), null);
  }

  const item: EntryIndexItem = {
    entryId: now.entryId,
    occurredAt: place.occurredAt,
    authorId: now.authorId,
    reviewed: now.reviewedIn.length > 0,
    withdrawn: now.withdrawal !== null,
  };
  writes.set(keys.entryItem(place), item);
  if (isWaiting(now)) writes.set(keys.waitingItem(place), item);
}
