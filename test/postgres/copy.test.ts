import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import t, { type Test } from 'tap';
import { summarise } from '../../src/event-store/copy.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { openRuntime, projections, type Runtime } from '../../src/runtime.ts';
import { openOrganisation } from '../application/organisation.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { larkspurHouse } from '../projections/scenario.ts';

const run = promisify(execFile);
const silent = pino({ level: 'silent' });

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), 'src/cli.ts', ...args],
      { env: { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-copy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Three weeks of Larkspur House and one API key in an embedded store, closed as a stopped server leaves it. */
async function embeddedStore(t: Test): Promise<{ dir: string; key: string; wren: string }> {
  const dir = tempDir(t);
  const organisation = await openOrganisation(t, { databaseFile: join(dir, 'learning-log.db') });
  const { wren } = await larkspurHouse(organisation);
  const { token } = await organisation.runtime.apiKeys.create(
    {
      role: 'reviewer',
      tenant: 'org-larkspur-support',
      actorId: 'system:care-records',
      actorKind: 'system',
      label: 'care records',
    },
    new Date(),
  );
  await organisation.runtime.close();
  return { dir, key: token, wren };
}

async function open(t: Test, config: Parameters<typeof openRuntime>[0]): Promise<Runtime> {
  const runtime = await openRuntime(config, silent);
  t.teardown(() => runtime.close());
  await runtime.readModels.wait.waitFor(await runtime.store.head(), 10_000);
  return runtime;
}

async function dumps(runtime: Runtime): Promise<Record<string, Array<[string, string]>>> {
  const all: Record<string, Array<[string, string]>> = {};
  for (const projection of projections)
    all[projection.name] = await runtime.readStore.dump(projection.name);
  return all;
}

t.test('the log moves from SQLite to PostgreSQL and back, whole and verified', async (t) => {
  const { dir: source, key, wren } = await embeddedStore(t);
  const postgres = await freshDatabase(t);
  const back = tempDir(t);

  const there = await cli('copy', '--from', `sqlite:${source}`, '--to', postgres);
  t.equal(there.code, 0, `copied into PostgreSQL${there.code === 0 ? '' : `: ${there.stderr}`}`);
  t.match(
    there.stdout,
    /^copied \d+ events, 1 API keys and \d+ people's data keys in \d+ ms; both logs have digest [0-9a-f]{64}\nserve the target with LEARNING_LOG_MASTER_KEY set to the contents of .*master\.key\n$/,
    'and says so',
  );

  const home = await cli('copy', '--from', postgres, '--to', `sqlite:${back}`);
  t.equal(
    home.code,
    0,
    `and back into a new embedded store${home.code === 0 ? '' : `: ${home.stderr}`}`,
  );

  // Sealed text opens only with the source's master key, which the embedded source keeps in its folder.
  const masterKey = Buffer.from(readFileSync(join(source, 'master.key'), 'utf8').trim(), 'base64');
  const original = await open(t, {
    databaseFile: join(source, 'learning-log.db'),
    readModelWaitMs: 5000,
  });
  const copied = await open(t, {
    store: 'postgres',
    databaseUrl: postgres,
    databaseFile: ':memory:',
    readModelWaitMs: 5000,
    masterKey,
  });
  const returned = await open(t, {
    databaseFile: join(back, 'learning-log.db'),
    readModelWaitMs: 5000,
    masterKey,
  });

  const expected = await summarise(original.store);
  t.ok(expected.count >= 50, `the scenario is a real log (${expected.count} events)`);
  t.same(
    await summarise(copied.store),
    expected,
    'PostgreSQL holds the same events, by count and digest',
  );
  t.same(await summarise(returned.store), expected, 'and so does the store copied back');
  t.match(there.stdout, `copied ${expected.count} events`, 'the report counts them all');

  const ids = async (runtime: Runtime) =>
    (await runtime.store.readAll({ after: logStart, limit: 10_000 })).map(
      (event) => `${event.id} ${event.stream}@${event.revision}`,
    );
  t.same(await ids(copied), await ids(original), 'ids, order, streams and revisions are kept');

  t.same(
    await dumps(copied),
    await dumps(original),
    'read models built from the copy equal the original ones, document for document',
  );
  t.same(await dumps(returned), await dumps(original), 'and so do those of the store copied back');
  const person = async (runtime: Runtime) =>
    runtime.personal.open(
      'org-larkspur-support',
      await runtime.queries.directory.person('org-larkspur-support', wren),
    );
  t.same(await person(copied), await person(original), "people's data keys went along: text opens");
  t.same(await person(returned), await person(original), 'both ways');
  t.notMatch(JSON.stringify(await person(copied)), /sealed|\[erased\]/, 'as the text itself');
  t.match(
    await copied.apiKeys.verify(key, new Date()),
    { actor: { id: 'system:care-records', role: 'reviewer' }, tenant: 'org-larkspur-support' },
    'API keys went along, so integrations keep working',
  );
  t.ok(await returned.apiKeys.verify(key, new Date()), 'both ways');
});

t.test('a copy goes only into an empty store, and never from nowhere', async (t) => {
  const { dir: source } = await embeddedStore(t);
  const postgres = await freshDatabase(t);

  t.equal(
    (await cli('copy', '--from', `sqlite:${source}`, '--to', postgres)).code,
    0,
    'the first copy',
  );
  const again = await cli('copy', '--from', `sqlite:${source}`, '--to', postgres);
  t.equal(again.code, 1, 'a second copy into the same database is refused');
  t.match(again.stderr, 'already holds events', 'saying why');

  const missing = await cli(
    'copy',
    '--from',
    `sqlite:${join(source, 'nowhere')}`,
    '--to',
    postgres,
  );
  t.equal(missing.code, 2, 'a source that does not exist is refused');
  t.match(missing.stderr, 'no embedded store', 'by name');

  const usage = await cli('copy', '--from', postgres);
  t.equal(usage.code, 2, 'both ends are needed');
  const unnamed = await cli('copy', '--from', `sqlite:${source}`, '--to', 'backup');
  t.equal(unnamed.code, 2, 'a target that is neither a URL nor sqlite: is refused, not created');
  t.match(unnamed.stderr, 'sqlite:<folder', 'saying how to name one');
  const unknown = await cli('copy', '--from', `sqlite:${source}`, '--to', postgres, '--fast');
  t.equal(unknown.code, 2, 'an unknown option is refused without a stack trace');
  const nowhere = new URL(postgres);
  nowhere.pathname = '/learning_log_no_such_database';
  const absent = await cli('copy', '--from', `sqlite:${source}`, '--to', nowhere.toString());
  t.equal(absent.code, 1, 'a database that does not exist is refused');
  t.match(absent.stderr, /^cannot open the PostgreSQL store: .*does not exist\n$/, 'in one line');
  const bare = await cli('copy', '--from', `sqlite:${source}`, '--to', 'sqlite:');
  t.equal(bare.code, 2, 'sqlite: without a path is refused');
  const unrelated = await freshDatabase(t);
  const wrongSource = await cli('copy', '--from', unrelated, '--to', `sqlite:${source}-copy`);
  t.equal(wrongSource.code, 1, 'a source database without the schema is refused');
  t.match(wrongSource.stderr, 'holds no learning-log schema', 'saying why, without setting one up');
});
