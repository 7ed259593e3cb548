import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.ts';

t.test('an empty environment gives the documented defaults', async (t) => {
  t.strictSame(
    loadConfig({}),
    {
      port: 3000,
      host: '127.0.0.1',
      store: 'sqlite',
      databaseUrl: undefined,
      poolSize: 10,
      projections: true,
      dataDir: './data',
      databaseFile: 'data/learning-log.db',
      logLevel: 'info',
      readModelWaitMs: 5000,
      bodyLimit: 262144,
      masterKey: undefined,
      identityProvider: undefined,
      rateLimit: 6000,
    },
    'defaults',
  );
});

t.test('values from the environment are read and typed', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    LEARNING_LOG_DATA_DIR: ':memory:',
    LOG_LEVEL: 'warn',
    LEARNING_LOG_READ_MODEL_WAIT_MS: '250',
  });

  t.equal(config.port, 8080, 'a number port');
  t.equal(config.host, '0.0.0.0', 'host');
  t.equal(config.databaseFile, ':memory:', 'an in-memory store when the data folder is :memory:');
  t.equal(config.logLevel, 'warn', 'log level');
  t.equal(config.readModelWaitMs, 250, 'wait');
});

const masterKey = Buffer.alloc(32, 7);
t.test('the rate limit is a number of requests a minute, or off', async (t) => {
  t.equal(loadConfig({ LEARNING_LOG_RATE_LIMIT: '120' }).rateLimit, 120, 'a number');
  t.equal(loadConfig({ LEARNING_LOG_RATE_LIMIT: 'off' }).rateLimit, null, 'off: no limit');
  for (const value of ['0', 'none', '1.5', '-3'])
    t.throws(
      () => loadConfig({ LEARNING_LOG_RATE_LIMIT: value }),
      ConfigError,
      `${value} is refused`,
    );
});

t.test('PostgreSQL is chosen by LEARNING_LOG_STORE and needs DATABASE_URL', async (t) => {
  const config = loadConfig({
    LEARNING_LOG_STORE: 'postgres',
    DATABASE_URL: 'postgres://learning@db.internal:5432/learning_log',
    LEARNING_LOG_PG_POOL_SIZE: '25',
    LEARNING_LOG_MASTER_KEY: masterKey.toString('base64'),
  });
  t.equal(config.store, 'postgres', 'the store');
  t.equal(config.databaseUrl, 'postgres://learning@db.internal:5432/learning_log', 'its URL');
  t.equal(config.poolSize, 25, 'and the pool size');
  t.same(config.masterKey, masterKey, 'and the master key, as bytes');

  t.throws(
    () =>
      loadConfig({
        LEARNING_LOG_STORE: 'postgres',
        DATABASE_URL: 'postgres://learning@db.internal:5432/learning_log',
      }),
    { name: 'ConfigError', problems: [/^LEARNING_LOG_MASTER_KEY: required/] },
    'without a master key it refuses to start: every instance must hold the same one',
  );
  for (const bad of ['c2hvcnQ=', masterKey.toString('hex'), '!'.repeat(44)]) {
    t.throws(
      () => loadConfig({ LEARNING_LOG_MASTER_KEY: bad }),
      ConfigError,
      `a master key that is not 32 bytes in base64 (${bad.length} characters) is refused`,
    );
  }

  t.throws(
    () => loadConfig({ LEARNING_LOG_STORE: 'postgres' }),
    {
      name: 'ConfigError',
      problems: ['DATABASE_URL: required when LEARNING_LOG_STORE is postgres'],
    },
    'without a URL it refuses to start',
  );
  t.throws(() => loadConfig({ LEARNING_LOG_STORE: 'mysql' }), ConfigError, 'an unknown store');
  t.throws(
    () => loadConfig({ DATABASE_URL: 'mysql://somewhere/db' }),
    ConfigError,
    'a URL that is not PostgreSQL',
  );
});

t.test('every invalid value is listed in one ConfigError', async (t) => {
  const error = (() => {
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'chatty' });
    } catch (caught) {
      return caught;
    }
    return undefined;
  })();

  t.type(error, ConfigError, 'a ConfigError');
  const problems = (error as ConfigError).problems;
  t.equal(problems.length, 2, 'two problems, not just the first');
  t.match(problems, [/^PORT: /, /^LOG_LEVEL: /], 'each names its variable');
  t.match((error as ConfigError).message, /PORT: [\s\S]*LOG_LEVEL: /, 'the message lists both');
});

t.test('a port that is not a number is refused', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), ConfigError, 'not a number');
  t.throws(() => loadConfig({ PORT: '80.5' }), ConfigError, 'not an integer');
  t.throws(
    () => loadConfig({ LEARNING_LOG_READ_MODEL_WAIT_MS: '0' }),
    ConfigError,
    'a wait of 0 ms',
  );
});

t.test(
  'an identity provider is configured by its key set, issuer and audience together',
  async (t) => {
    const provider = {
      LEARNING_LOG_JWT_JWKS_URL: 'https://id.elm-road-care.example/.well-known/jwks.json',
      LEARNING_LOG_JWT_ISSUER: 'https://id.elm-road-care.example/',
      LEARNING_LOG_JWT_AUDIENCE: 'learning-log',
    };
    t.strictSame(
      loadConfig(provider).identityProvider,
      {
        jwksUrl: provider.LEARNING_LOG_JWT_JWKS_URL,
        issuer: provider.LEARNING_LOG_JWT_ISSUER,
        audience: 'learning-log',
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519'],
        claims: {
          actor: 'sub',
          role: 'learning_log_role',
          organisation: 'learning_log_organisation',
        },
        jwksTimeoutMs: 3000,
        jwksCooldownMs: 30000,
      },
      'with the documented defaults for claims, algorithms, timeout and cooldown',
    );

    const named = loadConfig({
      ...provider,
      LEARNING_LOG_JWT_ACTOR_CLAIM: 'https://elm-road-care.example/person',
      LEARNING_LOG_JWT_ALGORITHMS: 'ES256, RS256',
    }).identityProvider;
    t.equal(named?.claims.actor, 'https://elm-road-care.example/person', 'claims may be renamed');
    t.strictSame(named?.algorithms, ['ES256', 'RS256'], 'and the algorithms narrowed');

    t.throws(
      () => loadConfig({ LEARNING_LOG_JWT_ISSUER: provider.LEARNING_LOG_JWT_ISSUER }),
      {
        name: 'ConfigError',
        problems: [
          'LEARNING_LOG_JWT_JWKS_URL: required with the other LEARNING_LOG_JWT_ settings',
          'LEARNING_LOG_JWT_AUDIENCE: required with the other LEARNING_LOG_JWT_ settings',
        ],
      },
      'one of the three alone names the missing ones',
    );
    for (const algorithms of ['HS256', 'RS256,none', 'rs256']) {
      t.throws(
        () => loadConfig({ ...provider, LEARNING_LOG_JWT_ALGORITHMS: algorithms }),
        ConfigError,
        `${algorithms}: only public-key algorithms`,
      );
    }
    t.throws(
      () => loadConfig({ ...provider, LEARNING_LOG_JWT_JWKS_URL: 'http://id.example/jwks' }),
      ConfigError,
      'keys over plain http from another machine',
    );
    t.equal(
      loadConfig({ ...provider, LEARNING_LOG_JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks' })
        .identityProvider?.jwksUrl,
      'http://127.0.0.1:8080/jwks',
      'plain http on loopback is allowed',
    );
    t.throws(
      () => loadConfig({ ...provider, LEARNING_LOG_JWT_ROLE_CLAIM: 'sub' }),
      ConfigError,
      'one claim for two meanings',
    );
  },
);
