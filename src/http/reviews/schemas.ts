import { z } from 'zod';
import { limits, text } from '../../domain/text.ts';
import {
  allSections,
  documentRef,
  insightCategories,
  sharingAudiences,
} from '../../domain/vocabulary.ts';
import { instant, uuid } from '../schemas.ts';

export const startReviewBody = z
  .strictObject({
    entryIds: z.array(uuid).min(1).max(500).optional().describe('The entries to review.'),
    upTo: instant
      .optional()
      .describe('Or: every unreviewed entry whose activity happened up to this instant.'),
    participants: z
      .array(uuid)
      .max(limits.list)
      .default([])
      .describe('People taking part (employees, the person).'),
    others: z
      .array(text(limits.name))
      .max(limits.list)
      .default([])
      .describe('Others taking part: family, other services.'),
    heldAt: instant
      .optional()
      .describe('When the review was held, if it is recorded afterwards; now by default.'),
  })
  .refine((body) => (body.entryIds === undefined) !== (body.upTo === undefined), {
    message: 'Give either entryIds or upTo.',
    path: ['entryIds'],
  });

export const proposeInsightBody = z
  .strictObject({
    finding: text(limits.statement).describe('What the entries tell us.'),
    category: z.enum(insightCategories),
    entryIds: z
      .array(uuid)
      .min(1)
      .max(500)
      .describe('The entries this insight rests on; all must be covered by the review.'),
    destination: z
      .strictObject({ document: documentRef, section: z.enum(allSections) })
      .optional()
      .describe('Where the insight is to be recorded.'),
    noRecordReason: text(limits.short).optional().describe('Or: why it need not be recorded.'),
  })
  .refine((body) => (body.destination === undefined) !== (body.noRecordReason === undefined), {
    message: 'Give either a destination or a reason it needs no record.',
    path: ['destination'],
  });

export const agreeActionBody = z.strictObject({
  description: text(limits.statement).describe('What to do differently.'),
  ownerId: uuid.describe('Who will do it.'),
  dueOn: z.iso.date().describe('By when.'),
});

export const agreeSharingBody = z.strictObject({
  audience: z.enum(sharingAudiences),
  employeeIds: z.array(uuid).max(limits.list).default([]).describe('For named employees: who.'),
  detail: text(limits.short).optional().describe('Who exactly, for family or other services.'),
  method: text(limits.short).describe('How it will be shared.'),
});

const decided = { decisionId: uuid, decidedAt: z.string(), decidedBy: z.string() };

export const decisionSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('insight'),
      ...decided,
      finding: z.string(),
      category: z.enum(insightCategories),
      entryIds: z.array(uuid),
      destination: z.object({ document: documentRef, section: z.string() }).nullable(),
      noRecordReason: z.string().nullable(),
      status: z.enum(['proposed', 'needs-no-record', 'declined', 'applied']),
      declineReason: z.string().nullable(),
      appliedTo: z
        .object({
          document: documentRef,
          version: z.number().int(),
          appliedAt: z.string(),
          appliedBy: z.string(),
        })
        .nullable(),
    }),
    z.object({
      kind: z.literal('action'),
      ...decided,
      description: z.string(),
      ownerId: uuid,
      dueOn: z.string(),
    }),
    z.object({
      kind: z.literal('sharing'),
      ...decided,
      audience: z.enum(sharingAudiences),
      employeeIds: z.array(uuid),
      detail: z.string().nullable(),
      method: z.string(),
    }),
  ])
  .meta({ id: 'Decision' });

export const reviewSchema = z
  .object({
    reviewId: uuid,
    logId: uuid,
    status: z.enum(['open', 'completed']),
    heldAt: z.string().describe('When the review was held.'),
    startedAt: z.string().describe('When it was recorded.'),
    startedBy: z.string(),
    participants: z.array(z.string()),
    others: z.array(z.string()),
    entryIds: z.array(uuid),
    completedAt: z.string().nullable(),
    completedBy: z.string().nullable(),
    decisions: z.array(decisionSchema),
  })
  .meta({ id: 'Review' });
