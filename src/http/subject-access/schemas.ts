import { z } from 'zod';
import { documentRef } from '../../domain/vocabulary.ts';
import { changeSchema, documentSchema } from '../documents/schemas.ts';
import { eventSchema } from '../events/routes.ts';
import { entrySchema, logSchema } from '../learning-logs/schemas.ts';
import { personSchema } from '../people/schemas.ts';
import { recordReadSchema } from '../record-reads/routes.ts';
import { decisionSchema, reviewSchema } from '../reviews/schemas.ts';
import { uuid } from '../schemas.ts';

const team = z.object({
  teamId: uuid,
  name: z.string(),
  purpose: z.string().nullable(),
  formedAt: z.string(),
});

export const subjectAccessSchema = z
  .object({
    organisation: z.string().describe('The organisation whose records these are.'),
    generatedAt: z.string().describe('When the export was put together.'),
    person: personSchema.describe('The directory record.'),
    teams: z.object({
      memberOf: z.array(team).describe('Teams the person is a member of (employees).'),
      supportedBy: z.array(team).describe('Teams that support the person.'),
    }),
    profile: z
      .object({
        versions: z
          .array(documentSchema('one-page-profile'))
          .describe('The profile as it stood at each version, from version 1.'),
        changes: z.array(changeSchema).describe('What made each version: by whom, when, why.'),
      })
      .describe("The person's own one-page profile; employees have one too."),
    logsAbout: z
      .array(
        z.object({
          log: logSchema,
          entries: z
            .array(entrySchema)
            .describe('Every entry, withdrawn ones too, with the original and each amendment.'),
          reviews: z.array(reviewSchema).describe('Reviews of the log, with their decisions.'),
        }),
      )
      .describe('Learning logs about the person.'),
    entriesWritten: z
      .array(entrySchema)
      .describe('Entries the person wrote, in any log, with their full history.'),
    decisions: z
      .array(
        z.object({
          reviewId: uuid,
          logId: uuid,
          relations: z
            .array(z.enum(['decided', 'owns', 'to-be-told']))
            .describe('The person took the decision, owns the action, or is to be told.'),
          decision: decisionSchema,
        }),
      )
      .describe('Review decisions that name the person.'),
    acknowledgements: z
      .array(
        z.object({ document: documentRef, version: z.number().int(), acknowledgedAt: z.string() }),
      )
      .describe('Document versions the person acknowledged having read.'),
    events: z
      .array(eventSchema)
      .describe(
        'The authoritative part: every event of the organisation that the person caused, that names them, or that names a log about them, a review of such a log or an entry they wrote; in log order, with the whole envelope.',
      ),
    reads: z
      .array(recordReadSchema)
      .describe("Who read the person's records, oldest first, from the read log."),
  })
  .meta({ id: 'SubjectAccessExport' });
