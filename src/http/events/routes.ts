import { z } from 'zod';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { contextOf } from '../request-context.ts';
import { problemResponses, wholeNumber } from '../schemas.ts';

const eventSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    schemaVersion: z.number().int(),
    stream: z.string(),
    revision: z.number().int(),
    position: z.number().int(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    actor: z.object({
      id: z.string(),
      kind: z.enum(['employee', 'system']),
      role: z.string(),
      via: z.string(),
    }),
    correlationId: z.string(),
    causationId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Event' });

export function eventRoutes(app: ZodApp, { store }: Runtime): void {
  app.get('/events', {
    schema: {
      summary: "The organisation's event feed, in global order",
      description:
        'Pass `next` as `after` to read on; at the head the page is empty and `next` stays where it was, so a consumer can keep polling with it. Positions are global across organisations, so a page may hold fewer events than `limit` while `more` is true.',
      tags: ['events'],
      querystring: z.object({
        after: wholeNumber(0, Number.MAX_SAFE_INTEGER, 0).describe(
          'Events after this position; 0 for the start.',
        ),
        limit: wholeNumber(1, 1000, 100),
      }),
      response: {
        200: z.object({
          items: z.array(eventSchema),
          next: z.number().int().describe('The position to pass as `after` next time.'),
          more: z.boolean().describe('True when more events follow now; false at the head.'),
        }),
        ...problemResponses(),
      },
    },
    handler: async (request) => {
      const { tenant } = contextOf(request);
      const { after, limit } = request.query;

      const read = await store.readAll({ after, limit });
      const items = read.filter((event) => event.tenant === tenant);
      const next = read.at(-1)?.position ?? after;
      return { items, next, more: read.length === limit };
    },
  });
}
