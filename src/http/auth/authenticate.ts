import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { ProblemError } from '../problems.ts';
import type { Limiter } from '../rate-limit.ts';
import type { ApiKeyStore, Principal } from './api-keys.ts';
import { TokenRefusedError, type TokenVerifier } from './bearer-tokens.ts';
import { IdentityProviderUnavailableError } from './signing-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Paths anyone may read: health for orchestrators, the API description for developers. */
const publicPaths = [/^\/health\//, /^\/openapi\.json$/, /^\/docs(\/|$)/];

export function isPublic(path: string): boolean {
  return publicPaths.some((pattern) => pattern.test(path));
}

/**
 * Every other request must carry `Authorization: Bearer <credential>`: an API
 * key (`ll_<prefix>_<secret>`) or, when an identity provider is configured, a
 * token it signed. The credential is the only source of identity: there is no
 * header that names an actor. Every refusal is the same 401, whatever was
 * wrong; only a provider whose keys cannot be fetched makes it a 503. A
 * refusal is counted first, so a client that keeps sending bad credentials is
 * told to slow down.
 */
export function registerAuthentication(
  app: FastifyInstance,
  keys: ApiKeyStore,
  countRefusal: Limiter,
  tokens?: TokenVerifier,
): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    if (isPublic(path)) return;

    const refuse = async () => {
      await countRefusal(request, reply);
      return new ProblemError('UNAUTHENTICATED');
    };
    const credential = bearerOf(request.headers.authorization);
    if (credential === undefined) throw await refuse();

    const now = new Date();
    request.principal =
      tokens === undefined || credential.startsWith(apiKeyStart)
        ? await keys.verify(credential, now)
        : await tokenPrincipal(tokens, credential, now, request.log);
    if (request.principal === undefined) throw await refuse();
  });
}

const apiKeyStart = 'll_';

function bearerOf(header: string | undefined): string | undefined {
  const [scheme, credential, ...rest] = (header ?? '').split(' ');
  const wellFormed =
    scheme?.toLowerCase() === 'bearer' &&
    credential !== undefined &&
    credential !== '' &&
    rest.length === 0;
  return wellFormed ? credential : undefined;
}

async function tokenPrincipal(
  tokens: TokenVerifier,
  token: string,
  now: Date,
  log: FastifyBaseLogger,
): Promise<Principal | undefined> {
  try {
    return await tokens.verify(token, now);
  } catch (error) {
    // Reason codes only: the token and its claims may carry a name or an e-mail address.
    if (error instanceof TokenRefusedError) {
      log.debug({ reason: error.reason }, 'bearer token refused');
      return undefined;
    }
    if (error instanceof IdentityProviderUnavailableError) {
      const level = error.reason === 'backing-off' ? 'debug' : 'warn';
      log[level]({ reason: error.reason }, 'identity provider keys unavailable');
      throw new ProblemError('IDENTITY_PROVIDER_UNAVAILABLE');
    }
    throw error;
  }
}
