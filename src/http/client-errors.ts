import type { FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problem, type ProblemCode } from './problems.ts';
import { securityHeaders } from './security-headers.ts';

/** Node's own reasons for refusing a request before Fastify sees it. */
const codes: Record<string, ProblemCode> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
};

/**
 * Answers what the HTTP parser refuses (a request not received in time,
 * headers too large, bytes that are no HTTP) as problem+json, like every
 * other error. Only the error's code is logged: the parser's error carries
 * the raw bytes of the request, authorization header and body included.
 */
export function answerClientError(this: FastifyInstance, error: Error, socket: Socket): void {
  const nodeCode = (error as NodeJS.ErrnoException).code;
  if (nodeCode === 'ECONNRESET' || socket.destroyed) return;

  // A client that stops sending its body may already have been answered (a 401 goes out before
  // the body is read); a second answer on the same connection would corrupt the first.
  const answering = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (!socket.writable || answering?.headersSent === true) {
    socket.destroy(error);
    return;
  }

  const code = codes[nodeCode ?? ''] ?? 'MALFORMED_REQUEST';
  const answer = problem(code);
  const body = JSON.stringify(answer);
  this.log.info({ code, cause: nodeCode }, 'request refused by the http parser');

  const headers = {
    ...securityHeaders,
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  };
  socket.write(
    [
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      '',
      body,
    ].join('\r\n'),
  );
  socket.destroy(error);
}
