import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { markServer, runningServer, StoreInUseError } from '../src/server-lock.ts';

function dataDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('one server per store', async (t) => {
  const dir = dataDir(t);
  // The test runner is alive and is not this process: it stands for another server.
  writeFileSync(join(dir, 'server.pid'), String(process.ppid));

  t.equal(runningServer(dir), process.ppid, 'the other server is seen');
  t.throws(() => markServer(dir), StoreInUseError, 'a second server is refused');
  t.equal(
    readFileSync(join(dir, 'server.pid'), 'utf8'),
    String(process.ppid),
    "and the first one's mark stays",
  );
});

t.test(
  'a mark left by a killed server is taken over, and only its owner removes a mark',
  async (t) => {
    const dir = dataDir(t);
    writeFileSync(join(dir, 'server.pid'), '999999999');

    const unmark = markServer(dir);
    t.equal(
      readFileSync(join(dir, 'server.pid'), 'utf8'),
      String(process.pid),
      'the stale mark is replaced',
    );

    writeFileSync(join(dir, 'server.pid'), String(process.ppid));
    unmark();
    t.equal(
      readFileSync(join(dir, 'server.pid'), 'utf8'),
      String(process.ppid),
      "another server's mark is left alone",
    );
  },
);
