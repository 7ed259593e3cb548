import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { ProblemError } from './problems.ts';

/**
 * JSON bodies, parsed safely against prototype poisoning. An empty body
 * counts as no body, because many clients send a JSON content type on a
 * POST that only names an action (closing a log, completing a review).
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** The body as sent, for telling a faithful retry from another request. */
    rawBody?: string;
  }
}

export function registerJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // The body is read as UTF-8; a client that says it sent another encoding would be misread.
    const charset = /charset=([^;]+)/i
      .exec(request.headers['content-type'] ?? '')?.[1]
      ?.trim()
      .toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new ProblemError('UNSUPPORTED_MEDIA_TYPE'), undefined);
    }

    const text = String(body);
    request.rawBody = text;
    if (text.trim() === '') return done(null, undefined);

    try {
      done(
        null,
        secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }),
      );
    } catch {
      done(new ProblemError('MALFORMED_JSON'), undefined);
    }
  });
}
