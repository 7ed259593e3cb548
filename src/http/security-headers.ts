import type { FastifyInstance } from 'fastify';

/**
 * Headers on every answer. The API serves records about people, so nothing
 * may be cached on the way or kept by a browser, a response is never read as
 * another content type, and the API's pages (the docs) are never framed.
 */
export const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
} as const;

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(securityHeaders);
  });
}
