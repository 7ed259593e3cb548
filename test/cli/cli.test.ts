import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import t, { type Test } from 'tap';
import { erasePerson, registerPerson } from '../../src/application/people.ts';
import { openRuntime } from '../../src/runtime.ts';
import { operatorContext } from '../../src/application/context.ts';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

async function cli(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['src/cli.ts', ...args], {
      // No coverage from these processes: tsx compiles the code differently from the tests'
      // loader, and coverage merged from both ways of compiling one file cannot be mapped back.
      env: { ...process.env, LEARNING_LOG_DATA_DIR: dataDir, _TAPJS_PROCESSINFO_COVERAGE_: '0' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A store with one employee, written and closed as a server would leave it. */
async function storeWithEmployee(t: Test): Promise<{ dataDir: string; employeeId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'learning-log-cli-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

  const runtime = await openRuntime(
    { databaseFile: join(dataDir, 'learning-log.db'), readModelWaitMs: 5000 },
    pino({ level: 'silent' }),
  );
  const context = {
    actor: { id: 'system:test', kind: 'system' as const, role: 'admin' as const, via: 'test' },
    tenant: 'default',
    correlationId: 'c',
    requestId: 'r',
    now: new Date('2031-01-01T09:00:00.000Z'),
  };
  const employeeId = await registerPerson(runtime.services, context, {
    kind: 'employee',
    displayName: 'Quill Example',
    externalRef: null,
  });
  await runtime.close();
  return { dataDir, employeeId };
}

t.test('keys are made only for employees the organisation has', async (t) => {
  const { dataDir, employeeId } = await storeWithEmployee(t);

  const made = await cli(dataDir, 'keys', 'create', '--role', 'author', '--employee', employeeId);
  t.equal(made.code, 0, 'an employee of the organisation gets a key');
  t.match(made.stdout, /^ll_[0-9a-f]{12}_[0-9a-f]{48}\n$/, 'printed once, alone on its line');
  const exported = await cli(dataDir, 'export');
  t.match(
    exported.stdout,
    /"type":"ApiKeyIssued".*"actor":\{"id":"system:cli"/,
    'and its issue is recorded, by the command line',
  );

  const invented = await cli(dataDir, 'keys', 'create', '--role', 'author', '--employee', 'bob');
  t.equal(invented.code, 2, 'an unknown employee gets none');
  const elsewhere = await cli(
    dataDir,
    'keys',
    'create',
    '--role',
    'author',
    '--employee',
    employeeId,
    '--organisation',
    'other',
  );
  t.equal(elsewhere.code, 2, 'nor one of another organisation');

  const runtime = await openRuntime(
    { databaseFile: join(dataDir, 'learning-log.db'), readModelWaitMs: 5000 },
    pino({ level: 'silent' }),
  );
  const context = operatorContext('default', 'test', 'erasure');
  await erasePerson(runtime.services, runtime.personal.keyring, context, employeeId, 'Left.');
  await runtime.close();
  const erased = await cli(dataDir, 'keys', 'create', '--role', 'author', '--employee', employeeId);
  t.equal(erased.code, 2, 'nor one of an employee who was erased');
  t.match(erased.stderr, 'was erased', 'and it says why');
});

t.test('verify and export read the store; rebuild refuses beside a running server', async (t) => {
  const { dataDir } = await storeWithEmployee(t);

  const verified = await cli(dataDir, 'verify');
  t.equal(verified.code, 0, 'verify passes');
  t.match(verified.stdout, 'read models match the events', 'and says so');

  const exported = await cli(dataDir, 'export');
  const lines = exported.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; position: number });
  t.strictSame(
    lines.map((event) => event.type),
    ['PersonRegistered'],
    'every event, one JSON object a line',
  );

  // A live process id in the mark stands for a running server.
  writeFileSync(join(dataDir, 'server.pid'), String(process.pid));
  const refused = await cli(dataDir, 'rebuild');
  t.equal(refused.code, 1, 'no rebuild beside a running server');
  t.match(refused.stderr, 'stop it first', 'and it says why');

  writeFileSync(join(dataDir, 'server.pid'), '999999999');
  const rebuilt = await cli(dataDir, 'rebuild');
  t.equal(rebuilt.code, 0, 'a mark left by a dead server does not stop a rebuild');
});

t.test('keys are listed and revoked from the command line', async (t) => {
  const { dataDir, employeeId } = await storeWithEmployee(t);
  const made = await cli(dataDir, 'keys', 'create', '--role', 'author', '--employee', employeeId);
  const prefix = /^ll_([0-9a-f]{12})_/.exec(made.stdout)![1]!;

  const listed = await cli(dataDir, 'keys', 'list');
  t.equal(listed.code, 0, 'list succeeds');
  t.match(
    listed.stdout,
    new RegExp(
      `^${prefix} author ${employeeId} "created on the command line" \\S+ expires=never last-used=never revoked=no\\n$`,
    ),
    'one line per key, never the key itself',
  );

  const revoked = await cli(dataDir, 'keys', 'revoke', prefix);
  t.equal(revoked.code, 0, 'revoke succeeds');
  t.match((await cli(dataDir, 'keys', 'list')).stdout, /revoked=\d{4}-/, 'and the list shows it');
  const unknown = await cli(dataDir, 'keys', 'revoke', '000000000000');
  t.equal(unknown.code, 1, 'an unknown prefix is an error');
  t.equal((await cli(dataDir, 'keys', 'revoke')).code, 2, 'so is no prefix at all');
});
