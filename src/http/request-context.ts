import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../application/context.ts';
import { ProblemError } from './problems.ts';

const correlationPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** The command context of an authenticated request; the clock is read here, once. */
export function contextOf(request: FastifyRequest): RequestContext {
  const principal = request.principal;
  if (principal === undefined) throw new ProblemError('UNAUTHENTICATED');

  const given = request.headers['x-correlation-id'];
  const correlationId =
    typeof given === 'string' && correlationPattern.test(given) ? given : request.id;
  return { ...principal, correlationId, requestId: request.id, now: new Date() };
}
