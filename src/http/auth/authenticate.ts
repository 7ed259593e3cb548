import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../problems.ts';
import type { Limiter } from '../rate-limit.ts';
import type { ApiKeyStore, Principal } from './api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Paths anyone may read: health for orchestrators, the API description for developers. */
const publicPaths = [/^\/health\//, /^\/openapi\.json$/, /^\/docs(\/|$)/];

export function isPublic(path: string): boolean {
  return publicPaths.some((pattern) => pattern.test(path));
}

/**
 * Every other request must carry `Authorization: Bearer <api key>`. The key
 * is the only source of identity: there is no header that names an actor.
 * A refusal is counted first, so a client that keeps sending bad keys is told to slow down.
 */
export function registerAuthentication(
  app: FastifyInstance,
  keys: ApiKeyStore,
  countRefusal: Limiter,
): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    if (isPublic(path)) return;

    const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
    const wellFormed =
      scheme?.toLowerCase() === 'bearer' &&
      token !== undefined &&
      token !== '' &&
      rest.length === 0;
    const principal = wellFormed ? await keys.verify(token, new Date()) : undefined;
    if (principal === undefined) {
      await countRefusal(request, reply);
      throw new ProblemError('UNAUTHENTICATED');
    }

    request.principal = principal;
  });
}
