import { z } from 'zod';
import { documentRef } from '../../domain/vocabulary.ts';
import { uuid } from '../schemas.ts';

const personRef = z.object({ id: z.string(), displayName: z.string().nullable() });

const entrySummary = z
  .object({
    entryId: uuid,
    logId: uuid,
    author: personRef,
    writtenAt: z.string(),
    occurredAt: z.string(),
    activity: z.string(),
    learned: z.string(),
    amended: z
      .boolean()
      .describe('Amended after it was written; the entry itself keeps the original.'),
    withdrawn: z.boolean(),
  })
  .meta({ id: 'EntrySummary' });

const decisionTrace = z.object({
  reviewId: uuid,
  decisionId: uuid,
  finding: z.string(),
  category: z.string(),
  status: z.enum(['proposed', 'needs-no-record', 'declined', 'applied']),
  decidedAt: z.string(),
  decidedBy: personRef,
  review: z.object({
    startedAt: z.string(),
    completedAt: z.string().nullable(),
    participants: z.array(personRef),
  }),
});

const versionFields = {
  version: z.number().int(),
  recordedAt: z.string(),
  author: personRef,
  operation: z.enum(['add', 'reword', 'remove']),
  section: z.string(),
  statementId: uuid,
  text: z.string().nullable(),
  previousText: z.string().nullable(),
  reason: z
    .string()
    .nullable()
    .describe('The stated reason of a direct edit; null when the change applied an insight.'),
  acknowledgedBy: z
    .array(personRef.extend({ acknowledgedAt: z.string(), version: z.number().int() }))
    .describe('Employees who have acknowledged this version or a later one.'),
};

export const versionTraceSchema = z
  .object({ ...versionFields, decision: decisionTrace.nullable(), entries: z.array(entrySummary) })
  .meta({ id: 'VersionTrace' });

export const documentTrailSchema = z
  .object({ document: documentRef, versions: z.array(versionTraceSchema) })
  .meta({ id: 'DocumentAuditTrail' });

export const entryTraceSchema = z
  .object({
    entry: entrySummary,
    decisions: z.array(
      decisionTrace.extend({
        producedVersion: z.object({ document: documentRef, ...versionFields }).nullable(),
      }),
    ),
  })
  .meta({ id: 'EntryAuditTrail' });
