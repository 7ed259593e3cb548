import { z } from 'zod';
import { instant, limits, text } from './text.ts';
import {
  documentRef,
  insightCategories,
  logSubject,
  personKinds,
  reviewRhythms,
  sharingAudiences,
} from './vocabulary.ts';

/**
 * The catalogue of domain events: every fact the service records, with the
 * schema of its data. Names are past-tense facts; the store adds the envelope.
 */

const id = z.uuid();

export const entryContent = z.object({
  /** When the activity happened (domain time, not the time of writing). */
  occurredAt: instant,
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
  place: text(limits.short),
  activity: text(limits.short),
  present: z.strictObject({
    employeeIds: z.array(id).max(limits.list),
    others: z.array(text(limits.name)).max(limits.list),
  }),
  whatWorked: text(limits.long),
  whatDidNotWork: text(limits.long),
  learned: text(limits.long),
  nextTime: text(limits.long),
  participation: text(limits.long).nullable(),
  importantTo: text(limits.long).nullable(),
  importantFor: text(limits.long).nullable(),
});
export type EntryContent = z.infer<typeof entryContent>;

const destination = z.object({ document: documentRef, section: z.string() });

/** Why a document changed: an applied insight, or a direct edit with its reason. */
export const changeBasis = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('insight'),
    reviewId: id,
    decisionId: id,
    entryIds: z.array(id),
  }),
  z.object({ kind: z.literal('direct-edit'), reason: text(limits.short) }),
]);
export type ChangeBasis = z.infer<typeof changeBasis>;

const statementChange = {
  document: documentRef,
  /** The version this change creates: 1 for the first change. */
  version: z.number().int().min(1),
  section: z.string(),
  statementId: id,
  basis: changeBasis,
};

export const eventSchemas = {
  PersonRegistered: z.object({
    personId: id,
    kind: z.enum(personKinds),
    displayName: text(limits.name),
    externalRef: text(limits.name).nullable(),
  }),

  /**
   * The person's data key was destroyed: every sealed detail about them now
   * reads as a placeholder. The reason is kept in the open as the record of why.
   */
  PersonErased: z.object({ personId: id, reason: text(limits.short) }),
  TeamFormed: z.object({
    teamId: id,
    name: text(limits.name),
    purpose: text(limits.short).nullable(),
  }),
  TeamMemberJoined: z.object({ teamId: id, personId: id }),
  TeamMemberLeft: z.object({ teamId: id, personId: id }),
  TeamStartedSupportingPerson: z.object({ teamId: id, personId: id }),
  TeamStoppedSupportingPerson: z.object({ teamId: id, personId: id }),

  LearningLogOpened: z.object({
    logId: id,
    subject: logSubject,
    purpose: text(limits.short),
    reviewRhythm: z.enum(reviewRhythms),
  }),
  LearningLogClosed: z.object({ logId: id, reason: text(limits.short).nullable() }),

  LearningEntryRecorded: z.object({
    entryId: id,
    logId: id,
    authorId: z.string(),
    content: entryContent,
  }),
  LearningEntryAmended: z.object({
    entryId: id,
    logId: id,
    amendedBy: z.string(),
    /** The whole entry as amended; the original stays in the stream. */
    content: entryContent,
    reason: text(limits.short),
  }),
  LearningEntryWithdrawn: z.object({
    entryId: id,
    logId: id,
    withdrawnBy: z.string(),
    reason: text(limits.short),
  }),

  ReviewStarted: z.object({
    reviewId: id,
    logId: id,
    entryIds: z.array(id).min(1),
    participants: z.array(z.string()).max(limits.list),
    others: z.array(text(limits.name)).max(limits.list),
  }),
  InsightProposed: z.object({
    reviewId: id,
    decisionId: id,
    finding: text(limits.statement),
    category: z.enum(insightCategories),
    entryIds: z.array(id).min(1),
    destination: destination.nullable(),
    noRecordReason: text(limits.short).nullable(),
  }),
  InsightDeclined: z.object({ reviewId: id, decisionId: id, reason: text(limits.short) }),
  ActionAgreed: z.object({
    reviewId: id,
    decisionId: id,
    description: text(limits.statement),
    ownerId: id,
    dueOn: z.iso.date(),
  }),
  SharingAgreed: z.object({
    reviewId: id,
    decisionId: id,
    audience: z.enum(sharingAudiences),
    employeeIds: z.array(id).max(limits.list),
    detail: text(limits.short).nullable(),
    method: text(limits.short),
  }),
  ReviewCompleted: z.object({ reviewId: id, logId: id, entryIds: z.array(id) }),

  DocumentStatementAdded: z.object({ ...statementChange, text: text(limits.statement) }),
  DocumentStatementReworded: z.object({ ...statementChange, text: text(limits.statement) }),
  DocumentStatementRemoved: z.object(statementChange),

  /** Who was given access, with which role, until when; the key's secret never. */
  ApiKeyIssued: z.object({
    prefix: z.string(),
    role: z.string(),
    holder: z.object({ id: z.string(), kind: z.enum(['employee', 'system']) }),
    expiresAt: z.string().nullable(),
  }),
  ApiKeyRevoked: z.object({ prefix: z.string() }),
  DocumentVersionAcknowledged: z.object({
    document: documentRef,
    version: z.number().int().min(1),
    employeeId: id,
  }),
} as const;

export type EventType = keyof typeof eventSchemas;

export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;

/** A domain event as deciders produce it, before the store wraps it in its envelope. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

export function event<T extends EventType>(type: T, data: EventData<T>): EventOf<T> {
  return { type, data } as EventOf<T>;
}

export const currentSchemaVersion = 1;
