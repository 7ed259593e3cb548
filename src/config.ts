import { join } from 'node:path';
import { z } from 'zod';

/**
 * Signature algorithms a token from the identity provider may use: public-key
 * ones only. A shared-secret (HS*) algorithm would let anyone holding the
 * published key sign tokens, and an unsigned token (`none`) proves nothing.
 */
export const tokenAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export type TokenAlgorithm = (typeof tokenAlgorithms)[number];

const claimName = z.string().regex(/^\S{1,200}$/, 'a claim name without spaces');

/** A hundred requests a second on average: more than a busy care-record system sends in use. */
export const defaultRateLimit = 6000;

const environment = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'a port number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().max(65535))
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LEARNING_LOG_DATA_DIR: z.string().min(1).default('./data'),
  /** Which store holds events and read models: the embedded SQLite file, or PostgreSQL. */
  LEARNING_LOG_STORE: z.enum(['sqlite', 'postgres']).default('sqlite'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
    .optional(),
  /**
   * Whether this process may keep the read models. `off` makes an API-only
   * instance, which writes and reads but leaves projecting to the others.
   */
  LEARNING_LOG_PROJECTIONS: z.enum(['on', 'off']).default('on'),
  /** Connections each instance keeps open to PostgreSQL (besides two for listening and leading). */
  LEARNING_LOG_PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long a write waits for the read models to include it before answering 503. */
  LEARNING_LOG_READ_MODEL_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(5_000),
  /** Largest request body accepted, in bytes. */
  LEARNING_LOG_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  /**
   * 32 random bytes in base64 that wrap every person's data key. Required with
   * PostgreSQL; the embedded store keeps one in its data folder when unset.
   */
  LEARNING_LOG_MASTER_KEY: z
    .string()
    .refine(
      (value) =>
        /^[A-Za-z0-9+/_-]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32,
      '32 bytes in base64 (e.g. `openssl rand -base64 32`)',
    )
    .transform((value) => Buffer.from(value, 'base64'))
    .optional(),
  /** The identity provider: all three or none; none leaves bearer tokens off. */
  LEARNING_LOG_JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  LEARNING_LOG_JWT_ISSUER: z.string().optional(),
  LEARNING_LOG_JWT_AUDIENCE: z.string().optional(),
  LEARNING_LOG_JWT_ACTOR_CLAIM: claimName.default('sub'),
  LEARNING_LOG_JWT_ROLE_CLAIM: claimName.default('learning_log_role'),
  LEARNING_LOG_JWT_ORGANISATION_CLAIM: claimName.default('learning_log_organisation'),
  LEARNING_LOG_JWT_ALGORITHMS: z
    .string()
    .transform((list) => list.split(',').map((name) => name.trim()))
    .pipe(z.array(z.enum(tokenAlgorithms)).min(1))
    .default(['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519']),
  /** How long a fetch of the identity provider's keys may take before the request gets 503. */
  LEARNING_LOG_JWT_JWKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
  /** After fetching the keys, how long until a token with an unknown key id may fetch them again. */
  LEARNING_LOG_JWT_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Requests each key or token may send per minute, on each instance; `off` for benchmarks. */
  LEARNING_LOG_RATE_LIMIT: z
    .union([z.literal('off'), z.coerce.number().int().min(1).max(1_000_000)])
    .default(defaultRateLimit),
});

type Environment = z.infer<typeof environment>;

/** Where bearer tokens come from and how their claims name the caller. */
export interface IdentityProviderConfig {
  /** The provider's JSON Web Key Set: https, or http on this machine only. */
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly TokenAlgorithm[];
  /** The claims that carry the employee's person id, their role and their organisation. */
  readonly claims: { readonly actor: string; readonly role: string; readonly organisation: string };
  readonly jwksTimeoutMs: number;
  readonly jwksCooldownMs: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly store: 'sqlite' | 'postgres';
  readonly dataDir: string;
  /** The embedded store's file, inside the data folder. */
  readonly databaseFile: string;
  /** The PostgreSQL database, when `store` is postgres. */
  readonly databaseUrl: string | undefined;
  readonly poolSize: number;
  readonly projections: boolean;
  readonly logLevel: Environment['LOG_LEVEL'];
  readonly readModelWaitMs: number;
  readonly bodyLimit: number;
  /** Wraps every person's data key; undefined: the embedded store's own key file. */
  readonly masterKey: Buffer | undefined;
  /** Bearer tokens from the organisation's identity provider; undefined: API keys only. */
  readonly identityProvider: IdentityProviderConfig | undefined;
  /** Requests per minute per key or token on each instance; null: unlimited. */
  readonly rateLimit: number | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once at start; an invalid value stops the process with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset: `PORT=` must not mean port 0.
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = environment.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }

  const values = parsed.data;
  if (values.LEARNING_LOG_STORE === 'postgres' && values.DATABASE_URL === undefined) {
    throw new ConfigError(['DATABASE_URL: required when LEARNING_LOG_STORE is postgres']);
  }
  if (values.LEARNING_LOG_STORE === 'postgres' && values.LEARNING_LOG_MASTER_KEY === undefined) {
    // Every instance must open what the others sealed, so the key cannot be made up by one of them.
    throw new ConfigError([
      'LEARNING_LOG_MASTER_KEY: required when LEARNING_LOG_STORE is postgres (32 bytes in base64)',
    ]);
  }
  return {
    port: values.PORT,
    host: values.HOST,
    store: values.LEARNING_LOG_STORE,
    databaseUrl: values.DATABASE_URL,
    poolSize: values.LEARNING_LOG_PG_POOL_SIZE,
    projections: values.LEARNING_LOG_PROJECTIONS === 'on',
    dataDir: values.LEARNING_LOG_DATA_DIR,
    databaseFile:
      values.LEARNING_LOG_DATA_DIR === ':memory:'
        ? ':memory:'
        : join(values.LEARNING_LOG_DATA_DIR, 'learning-log.db'),
    logLevel: values.LOG_LEVEL,
    readModelWaitMs: values.LEARNING_LOG_READ_MODEL_WAIT_MS,
    bodyLimit: values.LEARNING_LOG_BODY_LIMIT,
    masterKey: values.LEARNING_LOG_MASTER_KEY,
    identityProvider: identityProviderOf(values),
    rateLimit: values.LEARNING_LOG_RATE_LIMIT === 'off' ? null : values.LEARNING_LOG_RATE_LIMIT,
  };
}

const loopback = ['127.0.0.1', '[::1]', 'localhost'];

function identityProviderOf(values: Environment): IdentityProviderConfig | undefined {
  const given = {
    LEARNING_LOG_JWT_JWKS_URL: values.LEARNING_LOG_JWT_JWKS_URL,
    LEARNING_LOG_JWT_ISSUER: values.LEARNING_LOG_JWT_ISSUER,
    LEARNING_LOG_JWT_AUDIENCE: values.LEARNING_LOG_JWT_AUDIENCE,
  };
  const missing = Object.entries(given).filter(([, value]) => value === undefined);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(([name]) => `${name}: required with the other LEARNING_LOG_JWT_ settings`),
    );
  }

  const url = new URL(values.LEARNING_LOG_JWT_JWKS_URL!);
  // Whoever can change the keys in transit can sign tokens: only a local test server may go without TLS.
  if (url.protocol !== 'https:' && !loopback.includes(url.hostname)) {
    throw new ConfigError(['LEARNING_LOG_JWT_JWKS_URL: must be https (http only on loopback)']);
  }
  const claims = {
    actor: values.LEARNING_LOG_JWT_ACTOR_CLAIM,
    role: values.LEARNING_LOG_JWT_ROLE_CLAIM,
    organisation: values.LEARNING_LOG_JWT_ORGANISATION_CLAIM,
  };
  if (new Set(Object.values(claims)).size < 3) {
    throw new ConfigError([
      'LEARNING_LOG_JWT_*_CLAIM: actor, role and organisation need a claim each',
    ]);
  }
  return {
    jwksUrl: url.href,
    issuer: values.LEARNING_LOG_JWT_ISSUER!,
    audience: values.LEARNING_LOG_JWT_AUDIENCE!,
    algorithms: [...new Set(values.LEARNING_LOG_JWT_ALGORITHMS)],
    claims,
    jwksTimeoutMs: values.LEARNING_LOG_JWT_JWKS_TIMEOUT_MS,
    jwksCooldownMs: values.LEARNING_LOG_JWT_JWKS_COOLDOWN_MS,
  };
}
