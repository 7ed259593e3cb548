import type { FastifyReply, FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Logger options: the request line carries method, path and request id only;
 * no client address, no query string (it may hold a name or a reference),
 * and authorization headers are redacted as a backstop.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], remove: true },
    serializers: {
      req: (request: FastifyRequest) => ({ id: request.id, method: request.method, path: request.url.split('?', 1)[0] }),
      res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
    },
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination === undefined ? pino(loggerOptions(level)) : pino(loggerOptions(level), destination);
}
