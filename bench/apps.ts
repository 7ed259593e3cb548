import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { NewEvent } from '../src/event-store/port.ts';
import { openSqliteDatabase, SqliteEventStore } from '../src/event-store/sqlite.ts';
import { buildApp } from '../src/http/app.ts';
import { recordEntryBody } from '../src/http/learning-logs/schemas.ts';
import type { ReadAuditStore } from '../src/read-audit/port.ts';
import { ReadRecorder } from '../src/read-audit/recorder.ts';
import type { Runtime } from '../src/runtime.ts';

/** The service as it runs, its reads going through `readLog` (the real one, or one that counts). */
export function recordingApp(runtime: Runtime, readLog: ReadAuditStore, logger: Logger) {
  return buildApp({ ...runtime, reads: new ReadRecorder(readLog) }, appOptions(logger));
}

/** The service over the same runtime, answering every read without recording it. */
export function unrecordedApp(runtime: Runtime, logger: Logger) {
  return buildApp(
    { ...runtime, reads: new NothingRecorded(runtime.readAudit) },
    appOptions(logger),
  );
}

/** Fastify with one route and nothing else: how fast this machine answers HTTP at all. */
export async function bareApp(): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/', async () => ({ ok: true }));
  return app;
}

/**
 * The baseline for the service's measured routes: Fastify answering the same
 * paths, the entry body checked against the record-entry route's own zod
 * schema, and nothing else (no authentication, store, projection or audit).
 */
export async function trivialApp(): Promise<FastifyInstance> {
  const app = entryRouteApp(async (_, reply) => reply.code(201).send({ ok: true }));
  app.get('/people/:personId/profile', async () => ({ ok: true }));
  return app;
}

/**
 * The least a durable write can cost here: the trivial app's entry route, plus
 * appending the body as one event to the service's SQLite event store (a file
 * of its own, WAL and synchronous=FULL, group commit) before answering it
 * back. No authentication, sealing, read models or idempotency. It tells how
 * much of the service's figure any durable write on this machine would pay.
 */
export async function durableAppendApp(): Promise<FastifyInstance> {
  const folder = mkdtempSync(join(tmpdir(), 'learning-log-bench-append-'));
  const db = openSqliteDatabase(join(folder, 'append.db'));
  const store = new SqliteEventStore(db);

  const app = entryRouteApp(async (request, reply) => {
    const now = new Date().toISOString();
    const event: NewEvent = {
      id: randomUUID(),
      type: 'BodyAppended',
      schemaVersion: 1,
      occurredAt: now,
      recordedAt: now,
      actor: { id: 'bench', kind: 'system', role: 'admin', via: 'bench' },
      tenant: 'bench',
      correlationId: request.id,
      causationId: request.id,
      data: request.body as NewEvent['data'],
    };
    await store.append(`entry-${randomUUID()}`, [event], { expectedRevision: 'no-stream' });
    return reply.code(201).send(request.body);
  });
  app.addHook('onClose', async () => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return app;
}

/** Fastify with the record-entry path, its body checked exactly as the service checks it. */
function entryRouteApp(
  answer: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
): FastifyInstance {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.post('/learning-logs/:logId/entries', { schema: { body: recordEntryBody } }, answer);
  return app;
}

/** Listens on a free port of the loopback address only; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

/** A recorder that returns at once and keeps nothing: the app with the read log taken out. */
class NothingRecorded extends ReadRecorder {
  override async record(): Promise<void> {}
}

// The service's default body limit; the measured reads send no body at all.
function appOptions(logger: Logger) {
  // No rate limit: the benchmark sends far more than any caller may.
  return { logger, bodyLimit: 256 * 1024, rateLimit: null };
}
