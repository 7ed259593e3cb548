import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from './problems.ts';

/** How many requests one caller may send in one window. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

export type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface Limiters {
  /** Counts an authenticated request against its key or token. */
  readonly caller: Limiter;
  /** Counts a request refused for want of a valid key against the address it came from. */
  readonly refused: Limiter;
}

/**
 * Limits per caller, not per address: the users of one care-record system
 * may all come from its one address. Only requests that fail authentication
 * count against their address, which stays in memory and is never logged.
 * Counters are this process's own, so behind a load balancer a caller may
 * send up to the limit to each instance.
 */
export async function rateLimiters(
  app: FastifyInstance,
  limit: RateLimit | null,
): Promise<Limiters> {
  if (limit === null) return { caller: async () => {}, refused: async () => {} };

  await app.register(rateLimit, { global: false });
  return {
    caller: limiter(app, limit, callerOf, true),
    refused: limiter(app, limit, (request) => normalizeIP(request.ip), false),
  };
}

function callerOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal === undefined) throw new Error('a caller is counted only once authenticated');
  return `${principal.tenant}|${principal.actor.via}`;
}

function limiter(
  app: FastifyInstance,
  { max, windowMs }: RateLimit,
  keyOf: (request: FastifyRequest) => string,
  tellsRemaining: boolean,
): Limiter {
  const count = app.createRateLimit({ max, timeWindow: windowMs, keyGenerator: keyOf });

  return async (request, reply) => {
    const outcome = await count(request);
    if (outcome.isAllowed) return;

    if (tellsRemaining) {
      reply.headers({
        'x-ratelimit-limit': outcome.max,
        'x-ratelimit-remaining': outcome.remaining,
        'x-ratelimit-reset': outcome.ttlInSeconds,
      });
    }
    if (!outcome.isExceeded) return;

    reply.header('retry-after', outcome.ttlInSeconds);
    throw new ProblemError('RATE_LIMITED', {
      detail: `At most ${max} requests in ${windowMs / 1000} seconds; the window ends in ${outcome.ttlInSeconds} s.`,
    });
  };
}
