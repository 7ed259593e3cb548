import { z } from 'zod';
import { isStoreUnavailable } from '../../event-store/errors.ts';
import { earliest, logStart } from '../../event-store/log-cursor.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';

const readiness = z.object({
  status: z.enum(['ready', 'not-ready']),
  storeAvailable: z.boolean().describe('Whether the store answered; the rest is null when not.'),
  storeWritable: z
    .boolean()
    .nullable()
    .describe(
      'Whether the store took a write just now: false while its disk is full or read-only, when writes answer 503. Null on PostgreSQL, which does not say.',
    ),
  position: z
    .number()
    .int()
    .nullable()
    .describe('The position of the newest event every read model has applied.'),
  head: z
    .number()
    .int()
    .nullable()
    .describe('The position of the newest event in the event store.'),
  readModelsKept: z
    .boolean()
    .nullable()
    .describe(
      'Whether some instance is applying events to the read models; without one, writes answer 503 after a wait.',
    ),
  projecting: z
    .boolean()
    .describe(
      'Whether this instance is the one applying events to the read models (on PostgreSQL one instance at a time does).',
    ),
  projectionFailure: z
    .object({ projection: z.string(), position: z.number().int(), eventType: z.string() })
    .nullable()
    .describe('A projection stopped at an event it could not apply.'),
});

export function healthRoutes(
  app: ZodApp,
  { store, readStore, projector, readModels, storage }: Runtime,
): void {
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
      summary:
        'The store answers and takes writes, an instance keeps the read models, and none has stopped',
      tags: ['health'],
      security: [],
      response: { 200: readiness, 503: readiness },
    },
    handler: async (_request, reply) => {
      try {
        const body = await currentReadiness();
        return reply.code(body.status === 'ready' ? 200 : 503).send(body);
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        return reply.code(503).send({
          status: 'not-ready' as const,
          storeAvailable: false,
          storeWritable: null,
          position: null,
          head: null,
          readModelsKept: null,
          projecting: readModels.isProjecting(),
          projectionFailure: null,
        });
      }
    },
  });

  async function currentReadiness() {
    // As stored, so that every instance reports the same, whichever one keeps the read models.
    const progress = await readStore.progress();
    const reached = earliest(
      projector.names.map((name) => progress.checkpoints.get(name) ?? logStart),
    );
    const failure = progress.failures[0] ?? null;
    const kept = await readModels.anyoneProjecting();
    const writable = await storage.writable();
    const ready = failure === null && kept && writable !== false;
    return {
      status: ready ? ('ready' as const) : ('not-ready' as const),
      storeAvailable: true,
      storeWritable: writable,
      position: reached.position,
      head: await store.headPosition(),
      readModelsKept: kept,
      projecting: readModels.isProjecting(),
      projectionFailure:
        failure === null
          ? null
          : {
              projection: failure.projection,
              position: failure.position,
              eventType: failure.eventType,
            },
    };
  }
}
