import { z } from 'zod';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';

const readiness = z.object({
  status: z.enum(['ready', 'not-ready']),
  position: z.number().int().describe('The position every read model has reached.'),
  head: z.number().int().describe('The newest position in the event store.'),
  projectionFailure: z
    .object({ projection: z.string(), position: z.number().int(), eventType: z.string() })
    .nullable()
    .describe('A projection stopped at an event it could not apply.'),
});

export function healthRoutes(app: ZodApp, { store, projector }: Runtime): void {
  app.get('/health/live', {
    schema: {
      summary: 'The process is up',
      tags: ['health'],
      security: [],
      response: { 200: z.object({ status: z.literal('live') }) },
    },
    handler: async () => ({ status: 'live' as const }),
  });

  app.get('/health/ready', {
    schema: {
      summary: 'The store answers and every read model is running',
      tags: ['health'],
      security: [],
      response: { 200: readiness, 503: readiness },
    },
    handler: async (_request, reply) => {
      const failure = projector.failure;
      const head = await store.headPosition();
      const body = {
        status: failure === null ? ('ready' as const) : ('not-ready' as const),
        position: projector.position,
        head,
        projectionFailure: failure,
      };
      return reply.code(failure === null ? 200 : 503).send(body);
    },
  });
}
