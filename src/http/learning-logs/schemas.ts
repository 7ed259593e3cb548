import { z } from 'zod';
import { entryContent } from '../../domain/events.ts';
import { limits, text } from '../../domain/text.ts';
import { logSubject, reviewRhythms } from '../../domain/vocabulary.ts';
import { uuid } from '../schemas.ts';

export const logSchema = z
  .object({
    logId: uuid,
    subject: logSubject,
    purpose: z.string(),
    reviewRhythm: z.enum(reviewRhythms),
    status: z.enum(['open', 'closed']),
    openedAt: z.string(),
    openedBy: z.string(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    entryCount: z.number().int(),
    reviewIds: z.array(uuid),
    lastReviewedAt: z.string().nullable(),
    unreviewedEntries: z
      .number()
      .int()
      .describe('Entries waiting for a review (withdrawn ones do not wait).'),
    oldestUnreviewed: z
      .string()
      .nullable()
      .describe('When the activity of the oldest waiting entry happened.'),
    reviewDue: z
      .string()
      .nullable()
      .describe(
        'Next review by the rhythm, from the last review or the opening; null when closed or for meeting and supervision rhythms.',
      ),
  })
  .meta({ id: 'LearningLog' });

export const openLogBody = z.strictObject({
  subject: logSubject.describe('The person or team the log is about.'),
  purpose: text(limits.short).describe(
    'What the log is for: a first visit somewhere new, mornings that keep going wrong.',
  ),
  reviewRhythm: z.enum(reviewRhythms),
});

/** The entry's fields as the domain defines them, described for the API's readers. */
const domainFields = entryContent.shape;
const entryFields = {
  ...domainFields,
  occurredAt: domainFields.occurredAt.describe(
    'When the activity happened (not when the entry is written).',
  ),
  activity: domainFields.activity.describe('What the activity was.'),
  present: domainFields.present.describe(
    'Employees who were there (ids), and others by name or role.',
  ),
  whatWorked: domainFields.whatWorked.describe('What the person liked; what went well.'),
  whatDidNotWork: domainFields.whatDidNotWork.describe(
    'What the person disliked; what needs a different approach.',
  ),
  learned: domainFields.learned.describe('What was learned.'),
  nextTime: domainFields.nextTime.describe('What to do differently next time.'),
  participation: domainFields.participation.describe('How the person took part.'),
  importantTo: domainFields.importantTo.describe('Hints at what is important to the person.'),
  importantFor: domainFields.importantFor.describe(
    'Hints at what is important for the person (health, safety, being valued).',
  ),
};

/** A new entry: the optional fields may be left out. */
export const recordEntryBody = z.strictObject({
  ...entryFields,
  durationMinutes: entryFields.durationMinutes.optional(),
  present: entryFields.present.optional(),
  participation: entryFields.participation.optional(),
  importantTo: entryFields.importantTo.optional(),
  importantFor: entryFields.importantFor.optional(),
});

export const amendEntryBody = z
  .object({
    reason: text(limits.short).describe('Why the entry is amended.'),
    changes: z
      .strictObject(entryFields)
      .partial()
      .refine((changes) => Object.keys(changes).length > 0, 'Name at least one field to amend.')
      .describe('Only the fields being corrected.'),
  })
  .strict();

const entryContentSchema = entryContent.meta({ id: 'EntryContent' });

export const entrySchema = z
  .object({
    entryId: uuid,
    logId: uuid,
    authorId: z.string(),
    writtenAt: z.string(),
    version: z
      .number()
      .int()
      .describe('Also the ETag; send it as If-Match to amend or withdraw safely.'),
    content: entryContentSchema.describe('The entry as it reads now.'),
    original: entryContentSchema.describe('The entry as first written.'),
    amendments: z.array(
      z.object({
        amendedBy: z.string(),
        amendedAt: z.string(),
        reason: z.string(),
        content: entryContentSchema,
      }),
    ),
    withdrawal: z
      .object({ withdrawnBy: z.string(), withdrawnAt: z.string(), reason: z.string() })
      .nullable(),
    reviewedIn: z.array(uuid).describe('Completed reviews that covered this entry.'),
    reviewed: z.boolean(),
  })
  .meta({ id: 'LearningEntry' });
