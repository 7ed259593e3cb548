import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
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
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.post('/learning-logs/:logId/entries', { schema: { body: recordEntryBody } }, (_, reply) =>
    reply.code(201).send({ ok: true }),
  );
  app.get('/people/:personId/profile', async () => ({ ok: true }));
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
