import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { Test } from 'tap';
import type { IdentityProviderConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import type { Role } from '../../src/http/auth/api-keys.ts';
import type { RateLimit } from '../../src/http/rate-limit.ts';
import { defaultRateLimit } from '../../src/config.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { freshDatabase, testMasterKey } from './postgres.ts';

export const organisation = 'test-organisation';

/**
 * The store under test: the embedded one in memory by default; with
 * LEARNING_LOG_TEST_STORE=postgres, a fresh PostgreSQL database per app, so
 * the same HTTP tests prove both stores.
 */
async function testStore(t: Test) {
  if (process.env.LEARNING_LOG_TEST_STORE !== 'postgres') {
    return { store: 'sqlite' as const, databaseFile: ':memory:' };
  }
  return {
    store: 'postgres' as const,
    databaseFile: ':memory:',
    databaseUrl: await freshDatabase(t),
    masterKey: testMasterKey,
  };
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  /** The app's own PostgreSQL database, when the tests run on PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** Every log line the app wrote, as parsed JSON. */
  readonly logLines: Array<Record<string, unknown>>;
  /** The raw log output, for searching for values that must not be there. */
  logText(): string;
  /** A key for a system actor with this role in the test organisation. */
  keyFor(role: Role, options?: { employeeId?: string; tenant?: string }): Promise<string>;
  /** Sends a request with an admin key unless `key` says otherwise. */
  request(options: InjectOptions & { key?: string | null }): Promise<LightMyRequestResponse>;
  /** Number of events in the store: for proving that a refused request appended nothing. */
  eventCount(): Promise<number>;
}

/** A fresh app over an in-memory store, closed when the test ends. */
export async function buildTestApp(
  t: Test,
  options: {
    readModelWaitMs?: number;
    identityProvider?: IdentityProviderConfig;
    rateLimit?: RateLimit | null;
  } = {},
): Promise<TestApp> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const store = await testStore(t);
  const runtime = await openRuntime(
    { ...store, readModelWaitMs: options.readModelWaitMs ?? 5000 },
    logger,
  );
  const app = await buildApp(runtime, {
    logger,
    bodyLimit: 256 * 1024,
    identityProvider: options.identityProvider,
    // The service's own default unless a test says otherwise: no ordinary test comes near it.
    rateLimit:
      options.rateLimit === undefined
        ? { max: defaultRateLimit, windowMs: 60_000 }
        : options.rateLimit,
  });
  await app.ready();

  t.teardown(async () => {
    await app.close();
    await runtime.close();
  });

  const keyFor: TestApp['keyFor'] = async (role, keyOptions = {}) =>
    (
      await runtime.apiKeys.create(
        {
          role,
          tenant: keyOptions.tenant ?? organisation,
          actorId: keyOptions.employeeId ?? `system:test-${role}`,
          actorKind: keyOptions.employeeId === undefined ? 'system' : 'employee',
          label: `test ${role}`,
        },
        new Date(),
      )
    ).token;

  // Without a key of its own, a request goes with the first of these roles the permission table lets through.
  const defaultKeys: string[] = [];
  for (const role of ['admin', 'reviewer', 'author', 'integration', 'auditor'] as const) {
    defaultKeys.push(await keyFor(role));
  }
  const send = (options: InjectOptions, key: string | null) =>
    app.inject({
      ...options,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...options.headers,
      },
    });

  return {
    app,
    runtime,
    databaseUrl: 'databaseUrl' in store ? store.databaseUrl : undefined,
    get logLines() {
      return chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText: () => chunks.join(''),
    keyFor,
    request: async ({ key, ...options }) => {
      if (key !== undefined) return send(options, key);

      let response!: LightMyRequestResponse;
      for (const candidate of defaultKeys) {
        response = await send(options, candidate);
        if (response.statusCode !== 403 || response.json().code !== 'FORBIDDEN') return response;
      }
      return response;
    },
    eventCount: () => runtime.store.headPosition(),
  };
}
