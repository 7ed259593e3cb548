import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { exited, startInstance } from '../helpers/instances.ts';
import { freshDatabase, masterKeyEnv } from '../helpers/postgres.ts';

const run = promisify(execFile);

async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), 'src/cli.ts', ...args],
      { env: { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0', ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

t.test(
  'admin commands on PostgreSQL: migrate, and a rebuild only with no server projecting',
  async (t) => {
    const env = {
      LEARNING_LOG_STORE: 'postgres',
      DATABASE_URL: await freshDatabase(t),
      ...masterKeyEnv,
    };

    const migrated = await cli(env, 'migrate');
    t.equal(migrated.code, 0, 'migrate succeeds on an empty database');
    t.match(migrated.stdout, 'up to date', 'and says so');
    t.equal((await cli(env, 'migrate')).code, 0, 'and again, with nothing left to do');

    const server = await startInstance(t, { ...env, LOG_LEVEL: 'info' });
    let key: string | undefined;
    for (let waited = 0; key === undefined && waited < 10_000; waited += 20) {
      key = /\s(ll_[0-9a-f]{12}_[0-9a-f]{48})\s/.exec(server.output())?.[1];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    t.ok(key, 'the first instance on an empty database prints an admin key');
    const made = await server.request('POST', '/people', {
      key: key!,
      body: { kind: 'employee', displayName: 'Rebuilt Example' },
    });
    t.equal(made.status, 201, 'the server writes');

    const refused = await cli(env, 'rebuild');
    t.equal(refused.code, 1, 'a rebuild is refused while the server keeps the read models');
    t.match(refused.stderr, 'stop it first', 'saying what to do');

    server.child.kill('SIGTERM');
    await exited(server.child);
    const rebuilt = await cli(env, 'rebuild');
    t.equal(rebuilt.code, 0, `then it runs${rebuilt.code === 0 ? '' : `: ${rebuilt.stderr}`}`);
    t.match(rebuilt.stdout, /rebuilt \d+ read models/, 'and reports');
    const verified = await cli(env, 'verify');
    t.equal(verified.code, 0, 'the rebuilt read models match the events');
  },
);

t.test('on the embedded store, migrate has nothing to do', async (t) => {
  const result = await cli({ LEARNING_LOG_DATA_DIR: ':memory:' }, 'migrate');
  t.equal(result.code, 0, 'exit 0');
  t.match(result.stdout, 'creates and updates its tables', 'and says why');
});
