import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { IdempotencyStore, StoredResponse } from '../application/idempotency.ts';
import { isStoreUnavailable } from '../event-store/errors.ts';
import type { EventStore } from '../event-store/port.ts';
import type { RecordCipher } from '../personal-data/keyring.ts';
import { LateSettlements } from './late-settlements.ts';
import { ProblemError } from './problems.ts';

const replayedHeaders = ['content-type', 'location', 'etag'];

/** Requests whose events were appended although the answer is an error. */
const writtenBeforeFailing = new WeakSet<FastifyRequest>();

export function markWrittenBeforeFailing(request: FastifyRequest): void {
  writtenBeforeFailing.add(request);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request answers for, and the request whose claim holds it. */
    idempotency?: { scope: string; key: string; owner: string };
  }
}

/**
 * Idempotency-Key on POST: the same key and body replays the first answer;
 * the same key with another body is 422; a retry while the first is still
 * running is 409. A 5xx that wrote nothing is not kept, so the client may retry with the key.
 */
export function registerIdempotency(
  app: FastifyInstance,
  store: IdempotencyStore,
  events: EventStore,
  cipher: RecordCipher,
): void {
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || request.principal === undefined)
      return;
    if (key.length === 0 || key.length > 200) {
      throw new ProblemError('VALIDATION_FAILED', {
        errors: [{ field: 'headers.idempotency-key', message: 'Between 1 and 200 characters.' }],
      });
    }

    const { tenant, actor, idempotencyScope } = request.principal;
    const scope = `${tenant}|${idempotencyScope ?? actor.via}`;
    const claim = await store.claim(scope, key, requestHash(request), request.id, new Date());

    if (claim.outcome === 'mismatch') throw new ProblemError('IDEMPOTENCY_KEY_REUSED');
    if (claim.outcome === 'in-progress') throw new ProblemError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    if (claim.outcome === 'replay') {
      const body = cipher.open(claim.response.body, `${scope}|${key}`);
      if (body === undefined) throw new Error('A kept answer does not open with the master key.');
      return replay(reply, { ...claim.response, body });
    }

    if (claim.outcome === 'abandoned') {
      // The first attempt died unanswered. If it wrote, running again would write twice.
      if (await events.hasEventsCausedBy(claim.requestId)) {
        // This answer is kept under the claim of the attempt that died, which wrote.
        request.idempotency = { scope, key, owner: claim.requestId };
        throw new ProblemError('IDEMPOTENCY_REQUEST_INTERRUPTED', { causationId: claim.requestId });
      }
      if (!(await store.takeOver(scope, key, claim.requestId, request.id, new Date()))) {
        throw new ProblemError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      }
    }

    request.idempotency = { scope, key, owner: request.id };
  });

  const late = new LateSettlements();
  app.addHook('onClose', async () => late.stop());

  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = request.idempotency;
    if (claimed === undefined) return payload;

    let settle: (() => Promise<void>) | undefined;
    try {
      settle = settlementOf(claimed, request, reply, payload);
      await settle();
    } catch (error) {
      // The database is away: settled once it is back. Should this process die first, the claim
      // counts as abandoned after a minute, when a retry finds out from the events whether it wrote.
      if (settle !== undefined && isStoreUnavailable(error)) late.add(settle);
    }
    return payload;
  });

  /**
   * Keeps the answer for retries, or frees the key when the request certainly
   * wrote nothing. Decided now, from the answer; the returned work only
   * touches the store, so it can run again later.
   */
  function settlementOf(
    claimed: { scope: string; key: string; owner: string },
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
  ): () => Promise<void> {
    const { scope, key, owner } = claimed;
    const requestId = request.id;
    // A request refused before it ran (bad input, If-Match missing) wrote nothing, so the client
    // may retry under the same key. A write that is stored and not yet readable must not run
    // twice, so that answer is kept like any other.
    const refusedBeforeRunning = reply.statusCode === 400 || reply.statusCode === 428;
    if (refusedBeforeRunning) return () => store.release(scope, key, owner);

    if (reply.statusCode >= 500 && !writtenBeforeFailing.has(request)) {
      // Whatever failed, the events say whether this request wrote (a read after the append may
      // have failed, or the answer to a commit been lost). If it did, the claim stays unfinished:
      // a retry is told it is in progress, and after a minute that it was interrupted.
      return async () => {
        if (!(await events.hasEventsCausedBy(requestId))) await store.release(scope, key, owner);
      };
    }

    const headers = Object.fromEntries(
      replayedHeaders.flatMap((name) => {
        const value = reply.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      }),
    );
    const response = {
      status: reply.statusCode,
      headers,
      // Answers carry personal text, and a new key's secret: they are kept sealed.
      body: cipher.seal(String(payload ?? ''), `${scope}|${key}`),
    };
    return () => store.complete(scope, key, owner, response);
  }
}

function replay(reply: FastifyReply, response: StoredResponse): FastifyReply {
  return reply
    .code(response.status)
    .headers({ ...response.headers, 'idempotent-replayed': 'true' })
    .send(response.body);
}

function requestHash(request: FastifyRequest): string {
  return hashOfRequest(
    request.method,
    request.url,
    request.headers['if-match'] ?? '',
    request.rawBody ?? '',
  );
}

/** What makes two requests the same: method, URL, If-Match and the body byte for byte. */
export function hashOfRequest(method: string, url: string, ifMatch: string, body: string): string {
  return createHash('sha256')
    .update(JSON.stringify([method, url, ifMatch, body]))
    .digest('hex');
}
