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
  });
  t.equal(config.store, 'postgres', 'the store');
  t.equal(config.databaseUrl, 'postgres://learning@db.internal:5432/learning_log', 'its URL');
  t.equal(config.poolSize, 25, 'and the pool size');

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
