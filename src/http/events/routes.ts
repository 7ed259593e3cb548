import { z } from 'zod';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { contextOf } from '../request-context.ts';
import {
  cursorOf,
  cursorPattern,
  formatCursor,
  parseCursor,
} from '../../event-store/log-cursor.ts';
import { problemResponses, wholeNumber } from '../schemas.ts';

export const eventSchema = z
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
        'Pass `next` as `after` to read on; at the head the page is empty and `next` stays where it was, so a consumer can keep polling with it. The feed is in commit order: on the embedded store that is position order and a cursor is a position; on PostgreSQL a cursor reads `<transaction>.<position>`. Keep cursors as given. A page holds up to `limit` events of the caller’s organisation; positions are numbered across all organisations, so they have gaps.',
      tags: ['events'],
      querystring: z.object({
        after: z
          .string()
          .regex(cursorPattern, 'a cursor from `next`, or 0')
          .default('0')
          .describe('Events after this cursor (a `next` from an earlier page); 0 for the start.'),
        limit: wholeNumber(1, 1000, 100),
      }),
      response: {
        200: z.object({
          items: z.array(eventSchema),
          next: z.string().describe('The cursor to pass as `after` next time.'),
          more: z.boolean().describe('True when more events follow now; false at the head.'),
        }),
        ...problemResponses(),
      },
    },
    handler: async (request) => {
      const { tenant } = contextOf(request);
      const { limit } = request.query;
      const after = parseCursor(request.query.after)!;

      const read = await store.readAll({ after, limit, tenant });
      const next = formatCursor(read.length > 0 ? cursorOf(read.at(-1)!) : after);
      return {
        items: read.map(({ commit: _, ...event }) => event),
        next,
        more: read.length === limit,
      };
    },
  });
}
