import type { StoredEvent } from '../../src/event-store/port.ts';
import { factOf, withItem } from '../engine/domain-event.ts';
import type { Projection, Writes } from '../engine/projection.ts';
import {
  keys,
  type EntryIndexItem,
  type EntryView,
  type LearningLogs,
  type LogEntriesView,
  type LogView,
  type OrganisationLogsView,
} from './views.ts';

type Docs = ReadonlyMap<string, LearningLogs | undefined>;

/** Learning logs, their entries as they read now and as first written, and what is reviewed. */
export const learningLogsProjection: Projection<LearningLogs> = {
  name: 'learning-logs',

  keysOf(event: StoredEvent): string[] {
    const fact = factOf(event);
    switch (fact.type) {
      case 'LearningLogOpened':
        return [keys.log(fact.data.logId), keys.organisationLogs(event.tenant)];
      case 'LearningLogClosed':
      case 'ReviewStarted':
        return [keys.log(fact.data.logId)];
      case 'LearningEntryRecorded':
        return [
          keys.log(fact.data.logId),
          keys.logEntries(fact.data.logId),
          keys.entry(fact.data.entryId),
        ];
      case 'LearningEntryAmended':
      case 'LearningEntryWithdrawn':
        return [keys.logEntries(fact.data.logId), keys.entry(fact.data.entryId)];
      case 'ReviewCompleted':
        return [
          keys.log(fact.data.logId),
          keys.logEntries(fact.data.logId),
          ...fact.data.entryIds.map(keys.entry),
        ];
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
          reviewIds: [],
          lastReviewedAt: null,
        };
        const listed = docs.get(keys.organisationLogs(event.tenant)) as
          OrganisationLogsView | undefined;
        writes.set(keys.log(logId), log);
        writes.set(keys.logEntries(logId), { logId, entries: [] });
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
        writes.set(keys.log(logId), { ...log, entryCount: log.entryCount + 1 });
        writes.set(keys.entry(entryId), entry);
        writes.set(keys.logEntries(logId), indexWith(docs, entry));
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
        writes.set(keys.logEntries(entry.logId), indexWith(docs, amended));
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
        writes.set(keys.entry(entryId), withdrawn);
        writes.set(keys.logEntries(entry.logId), indexWith(docs, withdrawn));
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
        const covered = new Set(entryIds);
        const log = logOf(docs, logId);
        const index = docs.get(keys.logEntries(logId)) as LogEntriesView;

        writes.set(keys.log(logId), { ...log, lastReviewedAt: at });
        writes.set(keys.logEntries(logId), {
          ...index,
          entries: index.entries.map((item) =>
            covered.has(item.entryId) ? { ...item, reviewed: true } : item,
          ),
        });
        for (const entryId of entryIds) {
          const entry = entryOf(docs, entryId);
          writes.set(keys.entry(entryId), {
            ...entry,
            reviewedIn: withItem(entry.reviewedIn, reviewId),
          });
        }
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

// TODO(#5): the whole index is rewritten for each entry, so a log of many thousand entries slows every write to it.
/** The log's index with this entry's line put in (or replaced), in activity-time order. */
function indexWith(docs: Docs, entry: EntryView): LogEntriesView {
  const index = docs.get(keys.logEntries(entry.logId)) as LogEntriesView;
  const item: EntryIndexItem = {
    entryId: entry.entryId,
    occurredAt: new Date(entry.content.occurredAt).toISOString(),
    authorId: entry.authorId,
    reviewed: entry.reviewedIn.length > 0,
    withdrawn: entry.withdrawal !== null,
  };

  const entries = index.entries.filter((other) => other.entryId !== entry.entryId);
  entries.push(item);
  entries.sort(byActivityTime);
  return { ...index, entries };
}

export function byActivityTime(a: EntryIndexItem, b: EntryIndexItem): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  return a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0;
}
