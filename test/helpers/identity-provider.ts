import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
} from 'jose';
import type { Test } from 'tap';
import { loadConfig, type IdentityProviderConfig } from '../../src/config.ts';

/** The invented organisation's identity provider, as tokens name it. */
export const issuer = 'https://id.elm-road-care.example/';
export const audience = 'learning-log';

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** The public key as PEM text: what an attacker would try as an HMAC secret. */
  readonly publicPem: string;
}

export async function signingKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    kid,
    alg,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    publicPem: await exportSPKI(publicKey),
  };
}

/** `serve` the key set, answer 500 (`fail`), or accept the connection and never answer (`hang`). */
export type Behaviour = 'serve' | 'fail' | 'hang';

export interface TestIdentityProvider {
  /** Settings for an app that trusts this provider. */
  readonly config: IdentityProviderConfig;
  /** How many times the key set was asked for. */
  readonly fetches: number;
  /** Replaces the keys the key set lists. */
  publish(...keys: SigningKey[]): void;
  behave(behaviour: Behaviour): void;
  /**
   * A token signed with `key`: issuer, audience, a five-minute expiry and a
   * `jti` by default; `claims` adds to them, and an undefined claim is left out.
   */
  token(
    key: SigningKey,
    claims: Record<string, unknown>,
    header?: Partial<JWTHeaderParameters>,
  ): Promise<string>;
}

/**
 * An identity provider on loopback, serving its JSON Web Key Set at /jwks,
 * stopped when the test ends. `env` takes further LEARNING_LOG_JWT_ settings.
 */
export async function startIdentityProvider(
  t: Test,
  env: Record<string, string> = {},
): Promise<TestIdentityProvider> {
  let keys: SigningKey[] = [];
  let behaviour: Behaviour = 'serve';
  let fetches = 0;
  let issued = 0;

  const server = createServer((request, response) => {
    fetches += 1;
    if (request.url !== '/jwks') return void response.writeHead(404).end();
    // A provider that hangs: the connection stays open until the test ends.
    if (behaviour === 'hang') return;
    if (behaviour === 'fail') return void response.writeHead(500).end();

    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const { port } = server.address() as AddressInfo;
  return {
    config: identityProviderConfig(`http://127.0.0.1:${port}/jwks`, env),
    get fetches() {
      return fetches;
    },
    publish: (...published) => {
      keys = published;
    },
    behave: (next) => {
      behaviour = next;
    },
    token: async (key, claims, header = {}) => {
      issued += 1;
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: issuer, aud: audience, iat: now, exp: now + 300, jti: `t-${issued}` };
      return new SignJWT(JSON.parse(JSON.stringify({ ...payload, ...claims })))
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
        .sign(key.privateKey);
    },
  };
}

/** The settings as the service reads them from its environment. */
export function identityProviderConfig(
  jwksUrl: string,
  env: Record<string, string> = {},
): IdentityProviderConfig {
  return loadConfig({
    LEARNING_LOG_JWT_JWKS_URL: jwksUrl,
    LEARNING_LOG_JWT_ISSUER: issuer,
    LEARNING_LOG_JWT_AUDIENCE: audience,
    ...env,
  }).identityProvider!;
}
