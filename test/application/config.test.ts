import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.ts';

t.test('an empty environment gives the documented defaults', async (t) => {
  t.strictSame(
    loadConfig({}),
    {
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      databaseFile: 'data/learning-log.db',
      logLevel: 'info',
      readModelWaitMs: 5000,
      bodyLimit: 262144,
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
