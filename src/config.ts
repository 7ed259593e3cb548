import { join } from 'node:path';
import { z } from 'zod';

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
  /** Requests each key or token may send per minute, on each instance; `off` for benchmarks. */
  LEARNING_LOG_RATE_LIMIT: z
    .union([z.literal('off'), z.coerce.number().int().min(1).max(1_000_000)])
    .default(defaultRateLimit),
});

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
  readonly logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  readonly readModelWaitMs: number;
  readonly bodyLimit: number;
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
    rateLimit: values.LEARNING_LOG_RATE_LIMIT === 'off' ? null : values.LEARNING_LOG_RATE_LIMIT,
  };
}
