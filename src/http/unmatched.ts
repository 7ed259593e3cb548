import type { FastifyInstance } from 'fastify';
import { problem } from './problems.ts';

/**
 * Requests no route takes: 405 with `Allow` when the path exists under other
 * methods, 404 otherwise, both as problem+json.
 */
export function registerUnmatched(app: FastifyInstance): void {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];

  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`);
    const methods = [route.method].flat().map((method) => method.toUpperCase());
    routes.push({ pattern, methods });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    const allowed = [
      ...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods)),
    ];
    reply.type('application/problem+json');

    if (allowed.length > 0) {
      const detail = `${request.method} is not one of ${allowed.join(', ')} for this path.`;
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(problem('METHOD_NOT_ALLOWED', { detail }));
    }
    return reply
      .code(404)
      .send(problem('ROUTE_NOT_FOUND', { detail: `No route ${request.method} ${path}.` }));
  });
}
