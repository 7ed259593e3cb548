import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { timeOrderedId } from '../application/time-ordered-ids.ts';
import type { Logger } from 'pino';
import type { IdentityProviderConfig } from '../config.ts';
import type { Runtime } from '../runtime.ts';
import { registerAuthentication } from './auth/authenticate.ts';
import { registerPermissions } from './auth/authorise.ts';
import { registerReadAudit } from './record-reads/register.ts';
import { registerPersonalData } from './personal-data.ts';
import { tokenVerifier, type TokenVerifier } from './auth/bearer-tokens.ts';
import { answerClientError } from './client-errors.ts';
import { registerSecurityHeaders, securityHeaders } from './security-headers.ts';
import { rateLimiters, type RateLimit } from './rate-limit.ts';
import { handleError } from './error-handler.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerJsonBodies } from './json-body.ts';
import { registerUnmatched } from './unmatched.ts';
import { requestSerializers } from './logger.ts';
import { catalogueTable, type ProblemCode } from './problems.ts';
import { permittedRoles } from './auth/permissions.ts';
import { everyWrite, problemResponses } from './schemas.ts';
import { registerRoutes } from './routes.ts';
import { operationIdOf } from './operation-id.ts';

/** The app as routes see it: schemas are zod, so handlers get typed input. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppOptions {
  readonly logger: Logger;
  readonly bodyLimit: number;
  /** Accept bearer tokens from this identity provider beside API keys. */
  readonly identityProvider?: IdentityProviderConfig;
  /** Requests per key or token in a window; null: unlimited, for benchmarks. */
  readonly rateLimit: RateLimit | null;
}

/** Builds the HTTP API over a runtime. Listening is the caller's business. */
export async function buildApp(runtime: Runtime, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Fastify's own request serializer logs the client address and the query string; ours never does.
    loggerInstance: options.logger.child(
      {},
      { serializers: requestSerializers },
    ) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    // Request ids become the events' causation ids, an index of their own: time-ordered too.
    genReqId: () => timeOrderedId(),
    requestIdHeader: false,
    return503OnClosing: true,
    // A client that never finishes sending its request must not hold a connection for ever.
    requestTimeout: 30_000,
    // Longer than the idle timeout of common load balancers (60 s), so they close first.
    keepAliveTimeout: 72_000,
    clientErrorHandler: answerClientError,
    // Malformed URLs and over-long path parameters are answered like every other error. No hook
    // runs for them, so they get the security headers here.
    frameworkErrors: (error, request, reply) =>
      handleError(error, request, reply.headers(securityHeaders)),
  });

  // JSON in and out: a text/plain body is refused with 415 rather than validated as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  registerJsonBodies(app);
  registerUnmatched(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'learning-log',
        version: '0.1.0',
        description: apiDescription(),
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description:
              "An API key (`ll_<prefix>_<secret>`), or a JWT from the organisation's identity provider where one is configured.",
          },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: documented,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const limiters = await rateLimiters(app, options.rateLimit);
  registerSecurityHeaders(app);
  registerAuthentication(
    app,
    runtime.apiKeys,
    limiters.refused,
    tokensOf(runtime, options.identityProvider),
  );
  // After authentication, so that a request counts against the key or token that sent it.
  app.addHook('onRequest', async (request, reply) => {
    if (request.principal !== undefined) await limiters.caller(request, reply);
  });
  registerPermissions(app);
  registerReadAudit(app, runtime);
  registerPersonalData(app, runtime.personal);
  registerIdempotency(
    app,
    runtime.idempotency,
    runtime.store,
    runtime.personal.keyring.cipherFor('idempotent answers'),
  );
  registerRoutes(app.withTypeProvider<ZodTypeProvider>(), runtime);

  return app;
}

function tokensOf(
  runtime: Runtime,
  identityProvider: IdentityProviderConfig | undefined,
): TokenVerifier | undefined {
  if (identityProvider === undefined) return undefined;
  return tokenVerifier(identityProvider, async (tenant, personId) => {
    const person = await runtime.queries.directory.person(tenant, personId);
    // An erased employee no longer signs in.
    return person?.kind === 'employee' && person.erasedAt === undefined;
  });
}

const successes: Record<string, string> = {
  200: 'OK: the resource as it now stands.',
  201: 'Created: the new resource, named by the Location header.',
};

/**
 * Documentation only: every operation gets a stable id from its method and
 * path (e.g. `postLearningLogsLogIdEntries`), and every write lists the
 * problems any write can answer with.
 */
function documented(
  input: Parameters<typeof jsonSchemaTransform>[0],
): ReturnType<typeof jsonSchemaTransform> {
  const method = input.route.method.toString().toLowerCase();
  const operationId = operationIdOf(method, input.url);
  const roles = permittedRoles(operationId);
  const own = (input.schema?.response ?? {}) as Record<string, { description?: string }>;
  const isWrite = method === 'post' || method === 'delete';
  const shared: ProblemCode[] = [
    ...(isWrite ? everyWrite : []),
    ...(roles ? ['FORBIDDEN' as const] : []),
  ];
  const writes = shared.length > 0 ? problemResponses(...shared) : {};
  const response = Object.fromEntries(
    [...new Set([...Object.keys(writes), ...Object.keys(own)])].map((status) => {
      const mine = own[status];
      const shared = writes[Number(status)];
      if (mine === undefined || shared === undefined) return [status, mine ?? shared];
      const codes = new Set(
        [...(mine.description ?? '').split(', '), ...shared.description.split(', ')].filter(
          Boolean,
        ),
      );
      return [status, { ...mine, description: [...codes].join(', ') }];
    }),
  );

  const described: Record<string, unknown> = response;
  for (const [status, description] of Object.entries(successes)) {
    const schema = described[status] as object | undefined;
    if (schema !== undefined && !('content' in schema)) {
      described[status] = { description, content: { 'application/json': { schema } } };
    }
  }

  const transformed = jsonSchemaTransform({ ...input, schema: { ...input.schema, response } });
  const description = [
    transformed.schema.description,
    roles && `May be called by: ${roles.join(', ')}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    ...transformed,
    schema: {
      ...transformed.schema,
      operationId,
      ...(description === '' ? {} : { description }),
      ...(roles ? { 'x-permitted-roles': roles } : {}),
    },
  };
}

function apiDescription(): string {
  return [
    'Learning-log entries, reviews and decisions, one-page profiles and person-centred team plans,',
    'acknowledgements and audit trails, as immutable events.',
    '',
    'Every error is `application/problem+json` with a stable `code`:',
    '',
    catalogueTable(),
  ].join('\n');
}
