import { logStart } from '../../src/event-store/log-cursor.ts';
import type { EventStore, StoredEvent } from '../../src/event-store/port.ts';
import { pagesOf } from '../../src/event-store/read-log.ts';
import { factOf } from '../engine/domain-event.ts';

/**
 * Every event of the organisation that concerns one person, in log order and
 * whole. It reads the organisation's entire log, so it takes time in
 * proportion to that log, not to the person's share of it.
 */
export async function eventsConcerning(
  store: EventStore,
  tenant: string,
  personId: string,
  pageSize = 1000,
): Promise<StoredEvent[]> {
  const concerns = concerning(personId);
  const found: StoredEvent[] = [];
  for await (const page of pagesOf(store, pageSize, logStart, tenant)) {
    found.push(...page.filter(concerns));
  }
  return found;
}

/**
 * Decides, one event at a time in log order, whether an event concerns the
 * person: they caused it, or its data names them or a record about them or by
 * them. Those records are learned from the log itself as it goes by: logs
 * about the person, the reviews of those logs, and entries the person wrote.
 * Entry events of a log about them already name the log, so its entries need
 * no list of their own; a review's decisions name only the review.
 */
export function concerning(personId: string): (event: StoredEvent) => boolean {
  const logsAbout = new Set<string>();
  const named = new Set([personId]);

  return (event) => {
    const fact = factOf(event);
    if (
      fact.type === 'LearningLogOpened' &&
      fact.data.subject.kind === 'person' &&
      fact.data.subject.personId === personId
    ) {
      logsAbout.add(fact.data.logId);
      named.add(fact.data.logId);
    }
    if (fact.type === 'ReviewStarted' && logsAbout.has(fact.data.logId))
      named.add(fact.data.reviewId);
    if (fact.type === 'LearningEntryRecorded' && fact.data.authorId === personId)
      named.add(fact.data.entryId);

    return event.actor.id === personId || mentions(event.data, named);
  };
}

/** Whether any string anywhere in the data is one of the ids. */
function mentions(value: unknown, ids: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return ids.has(value);
  if (Array.isArray(value)) return value.some((item) => mentions(item, ids));
  if (typeof value === 'object' && value !== null)
    return Object.values(value).some((item) => mentions(item, ids));
  return false;
}
