import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs `examples/demo.ts` the way `npm run demo` does, without npm in between.
 * Coverage is not collected from the demo's processes: an end-to-end run is
 * not evidence that the unit tests cover the code, and the figures tap
 * reported for these processes were not real (every file at 100 %).
 */
function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // tap's process tracking reads this switch in every child it follows.
  const env = { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), 'examples/demo.ts'],
      {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('the demo plays the whole scenario over HTTP and prints what came of it', async (t) => {
  const { code, stdout, stderr } = await runDemo();

  t.equal(code, 0, `the demo exits cleanly${code === 0 ? '' : `:\n${stderr}`}`);
  for (const heading of [
    'What people appreciate about me',
    'What is important to me',
    'How best to support me',
  ]) {
    t.match(stdout, heading, `the profile shows the section "${heading}"`);
  }
  t.match(stdout, 'TEAM PLAN: LARK RISE TEAM', 'the team plan is printed');
  t.match(
    stdout,
    /Jo Fettle\s+owes the one-page profile of Tamsin Pebblewick/,
    'an employee who has not read the newest profile is listed',
  );
  t.match(stdout, 'AUDIT TRAIL OF ONE PROFILE STATEMENT', 'the audit trail is printed');
  t.match(
    stdout,
    /Version \d+: reworded by Hannah Wetherall/,
    'the trail shows the change that reworded the statement',
  );
  t.match(
    stdout,
    /by Priya Lanternfield, written \w{3} \d{1,2} \w{3} \d\d:\d\d/,
    'the trail names an entry with its author and time of writing',
  );
  t.match(stdout, /-> no record needed: /, 'an insight that needs no record says so');
  t.notMatch(stdout, /undefined|null/, 'nothing printed is missing');
});
