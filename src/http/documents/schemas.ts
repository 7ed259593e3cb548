import { z } from 'zod';
import { limits, text } from '../../domain/text.ts';
import {
  documentRef,
  profileSections,
  teamPlanSections,
  type DocumentKind,
} from '../../domain/vocabulary.ts';
import { uuid } from '../schemas.ts';

const statement = z.object({ statementId: uuid, text: z.string() });

export const sectionEnums = {
  'one-page-profile': z.enum(profileSections),
  'team-plan': z.enum(teamPlanSections),
} as const;

/** The schema of a document of this kind; one each, so the OpenAPI document names it once. */
export function documentSchema(kind: DocumentKind) {
  return documentSchemas[kind];
}

function documentSchemaOf(kind: DocumentKind) {
  const name = kind === 'one-page-profile' ? 'OnePageProfile' : 'TeamPlan';
  return z
    .object({
      document: documentRef,
      version: z
        .number()
        .int()
        .describe('0 is the empty document every person and team starts with. Also the ETag.'),
      since: z.string().nullable().describe('When this version came into force.'),
      sections: z.object(
        Object.fromEntries(
          sectionEnums[kind].options.map((section) => [section, z.array(statement)]),
        ),
      ),
    })
    .meta({ id: name });
}

const documentSchemas = {
  'one-page-profile': documentSchemaOf('one-page-profile'),
  'team-plan': documentSchemaOf('team-plan'),
};

export function changeBody(kind: DocumentKind) {
  const section = sectionEnums[kind];
  const basis = z
    .discriminatedUnion('kind', [
      z
        .strictObject({ kind: z.literal('insight'), reviewId: uuid, decisionId: uuid })
        .describe('Applies an insight of a review.'),
      z
        .strictObject({ kind: z.literal('direct-edit'), reason: text(limits.short) })
        .describe('A direct edit, with its reason.'),
    ])
    .describe('Why the document changes.');

  return z.discriminatedUnion('operation', [
    z.strictObject({ operation: z.literal('add'), section, text: text(limits.statement), basis }),
    z.strictObject({
      operation: z.literal('reword'),
      section,
      statementId: uuid,
      text: text(limits.statement),
      basis,
    }),
    z.strictObject({ operation: z.literal('remove'), section, statementId: uuid, basis }),
  ]);
}

export const changeSchema = z
  .object({
    version: z.number().int(),
    recordedAt: z.string(),
    authorId: z.string(),
    operation: z.enum(['add', 'reword', 'remove']),
    section: z.string(),
    statementId: uuid,
    text: z.string().nullable(),
    previousText: z.string().nullable(),
    basis: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('insight'),
        reviewId: uuid,
        decisionId: uuid,
        entryIds: z.array(uuid),
      }),
      z.object({ kind: z.literal('direct-edit'), reason: z.string() }),
    ]),
  })
  .meta({ id: 'DocumentChange' });

export const readersSchema = z
  .object({
    document: documentRef,
    latestVersion: z.number().int(),
    readers: z.array(
      z.object({
        employeeId: uuid,
        acknowledgedVersion: z.number().int().nullable(),
        acknowledgedAt: z.string().nullable(),
        owesLatest: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'DocumentReaders' });

export const acknowledgeBody = z.strictObject({
  version: z.number().int().describe('The version read.'),
  employeeId: uuid.optional().describe("Who read it; an employee's own key may leave it out."),
});

export const owedSchema = z
  .object({
    employeeId: uuid,
    items: z.array(
      z.object({
        document: documentRef,
        latestVersion: z.number().int(),
        acknowledgedVersion: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'OutstandingAcknowledgements' });
