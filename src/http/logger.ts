import type { FastifyReply, FastifyRequest } from 'fastify';
import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Logger options: the request line carries method, path and request id only;
 * no client address, no query string (it may hold a name or a reference),
 * and authorization headers are redacted as a backstop.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      remove: true,
    },
    serializers: requestSerializers,
  };
}

/** The request and reply serializers; the app also sets them on whatever logger it is given. */
export const requestSerializers = {
  req: (request: FastifyRequest) => ({
    id: request.id,
    method: request.method,
    path: loggablePath(request),
  }),
  res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
};

// Version numbers stay short; a longer run of digits may be a health or care-record number.
const idLike = /^(?:[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}|\d{1,5})?$/i;

/**
 * The path without its query, with `*` for every segment that is neither a word
 * of the matched route nor an id: a client may put a name where an id belongs.
 */
function loggablePath(request: FastifyRequest): string {
  const route = request.routeOptions.url?.split('/') ?? [];
  const segments = request.url.split('?', 1)[0]!.split('/');
  return segments
    .map((segment, i) => (segment === route[i] || idLike.test(segment) ? segment : '*'))
    .join('/');
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}
