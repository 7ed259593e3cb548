import { z } from 'zod';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { contextOf } from '../request-context.ts';
import { instant, limitQuery, pageOf, problemResponses, uuid, wholeNumber } from '../schemas.ts';

export const recordReadSchema = z
  .object({
    sequence: z.number().int().describe("The read's place in the organisation's read log."),
    readAt: z.string(),
    actor: z.object({
      id: z.string().describe("An employee's person id, or `system:<name>`."),
      role: z.string(),
      via: z.string().describe('The key (`key:<prefix>`) or token the read came through.'),
    }),
    operation: z.string().describe('The operation read, by its id in this document.'),
    path: z.string().describe('The path read; query strings are never kept.'),
    subject: z
      .object({ kind: z.enum(['person', 'team']), id: z.string() })
      .nullable()
      .describe('Whose records the answer showed; null for lists and the event feed.'),
    requestId: z.string(),
  })
  .meta({ id: 'RecordRead' });

export function recordReadRoutes(app: ZodApp, { readAudit }: Runtime): void {
  app.get('/record-reads', {
    schema: {
      summary: 'Who read whose records, and when (auditors)',
      description:
        'Every answered read of a person’s records, a team’s plan, a list or the event feed, oldest first. Filter by whose records (`subjectId`), by reader (`actorId`) and by time. Pass `next` as `after` to read on.',
      tags: ['auditing'],
      querystring: z.object({
        subjectId: uuid.optional().describe('Reads of this person’s or team’s records.'),
        actorId: z
          .string()
          .regex(/^[^\u0000-\u001f\u007f]{1,200}$/, 'An actor id: no control characters.')
          .optional()
          .describe('Reads by this actor.'),
        from: instant.optional().describe('Reads at or after this instant.'),
        to: instant.optional().describe('Reads before this instant.'),
        after: wholeNumber(0, Number.MAX_SAFE_INTEGER, 0).describe(
          'The `next` of the page before.',
        ),
        limit: limitQuery,
      }),
      response: { 200: pageOf(recordReadSchema), ...problemResponses() },
    },
    handler: async (request) => {
      const { tenant } = contextOf(request);
      const { limit, after, from, to, ...filter } = request.query;

      const reads = await readAudit.list(tenant, {
        ...filter,
        ...(from === undefined ? {} : { from: new Date(from).toISOString() }),
        ...(to === undefined ? {} : { to: new Date(to).toISOString() }),
        ...(after === 0 ? {} : { after }),
        limit,
      });
      return {
        items: reads.map(({ tenant: _, ...read }) => read),
        next: reads.length === limit ? String(reads.at(-1)!.sequence) : null,
      };
    },
  });
}
