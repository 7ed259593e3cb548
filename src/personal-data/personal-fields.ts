import type { EventType } from '../domain/events.ts';

/**
 * Where each kind of event keeps free text and identifying details, and whose
 * they are. Those fields are sealed with that person's key before the event is
 * stored; ids, kinds, times and everything else that is not personal stay as
 * they are, so the log keeps its order, its links and its meaning after an
 * erasure.
 *
 * A path walks the event data by field name; `*` stands for every item of a
 * list. Text in a team's log or plan is about the team, and stays open.
 */
export type Whose =
  /** The person named by this field of the data. */
  | { readonly person: string }
  /** The subject of the learning log named by `logId`, when that subject is a person. */
  | 'log'
  /** The subject of the log the review named by `reviewId` belongs to. */
  | 'review'
  /** The person whose one-page profile the `document` field names. */
  | 'profile';

export interface PersonalFields {
  readonly whose: Whose;
  readonly paths: readonly string[];
}

const entryContent = [
  'content.place',
  'content.activity',
  'content.present.others.*',
  'content.whatWorked',
  'content.whatDidNotWork',
  'content.learned',
  'content.nextTime',
  'content.participation',
  'content.importantTo',
  'content.importantFor',
];

const statement = ['text', 'basis.reason'];

export const personalFields: Readonly<Partial<Record<EventType, PersonalFields>>> = {
  PersonRegistered: { whose: { person: 'personId' }, paths: ['displayName', 'externalRef'] },
  LearningLogOpened: { whose: 'log', paths: ['purpose'] },
  LearningLogClosed: { whose: 'log', paths: ['reason'] },
  LearningEntryRecorded: { whose: 'log', paths: entryContent },
  LearningEntryAmended: { whose: 'log', paths: [...entryContent, 'reason'] },
  LearningEntryWithdrawn: { whose: 'log', paths: ['reason'] },
  ReviewStarted: { whose: 'log', paths: ['others.*'] },
  InsightProposed: { whose: 'review', paths: ['finding', 'noRecordReason'] },
  InsightDeclined: { whose: 'review', paths: ['reason'] },
  ActionAgreed: { whose: 'review', paths: ['description'] },
  SharingAgreed: { whose: 'review', paths: ['detail', 'method'] },
  DocumentStatementAdded: { whose: 'profile', paths: statement },
  DocumentStatementReworded: { whose: 'profile', paths: statement },
  DocumentStatementRemoved: { whose: 'profile', paths: ['basis.reason'] },
};

/** A copy of `data` with the text at each path (where present and not null) changed. */
export function changeAt(
  data: Record<string, unknown>,
  paths: readonly string[],
  change: (text: string) => string,
): Record<string, unknown> {
  let changed = data;
  for (const path of paths) changed = changeOne(changed, path.split('.'), change) as typeof data;
  return changed;
}

function changeOne(
  value: unknown,
  steps: readonly string[],
  change: (text: string) => string,
): unknown {
  if (steps.length === 0) return typeof value === 'string' ? change(value) : value;

  const [step, ...rest] = steps;
  if (step === '*') {
    return Array.isArray(value) ? value.map((item) => changeOne(item, rest, change)) : value;
  }
  if (value === null || typeof value !== 'object' || !(step! in value)) return value;
  const record = value as Record<string, unknown>;
  return { ...record, [step!]: changeOne(record[step!], rest, change) };
}
