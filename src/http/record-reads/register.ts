import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.ts';
import { isPublic } from '../auth/authenticate.ts';
import { operationIdOf } from '../operation-id.ts';
import { readSubjects, type SubjectOf } from './subjects.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** For a read of someone's records: its operation, and how to find whose they are. */
    recordedRead?: { operation: string; subjectOf: SubjectOf };
  }
}

/**
 * Records every answered read of someone's records before the answer leaves:
 * who (actor, role, key or token), what (operation, path, whose records),
 * when. Should the record not be stored, the read fails rather than go
 * unrecorded. Refusals and 404s show nothing and are not recorded.
 */
export function registerReadAudit(app: FastifyInstance, { reads, queries }: Runtime): void {
  app.addHook('onRoute', (route) => {
    // HEAD answers what GET would, less the body: its ETag and length tell something too.
    const methods = [route.method].flat();
    if (isPublic(route.url) || !methods.some((method) => method === 'GET' || method === 'HEAD')) {
      return;
    }

    const operation = operationIdOf('GET', route.url);
    const subjectOf = readSubjects[operation];
    if (subjectOf === undefined) {
      throw new Error(`${operation} has no row in the read-audit table (record-reads/subjects.ts)`);
    }
    if (subjectOf !== 'unrecorded') {
      route.config = { ...route.config, recordedRead: { operation, subjectOf } };
    }
  });

  app.addHook('preSerialization', async (request, reply, payload) => {
    const recorded = request.routeOptions.config.recordedRead;
    const principal = request.principal;
    if (recorded === undefined || principal === undefined || reply.statusCode >= 300)
      return payload;

    const { tenant, actor } = principal;
    await reads.record({
      tenant,
      readAt: new Date().toISOString(),
      actor: { id: actor.id, role: actor.role, via: actor.via },
      operation: recorded.operation,
      path: request.url.split('?', 1)[0]!,
      subject: await recorded.subjectOf(request.params as Record<string, string>, tenant, queries),
      requestId: request.id,
    });
    return payload;
  });
}
