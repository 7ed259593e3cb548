import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Test } from 'tap';

/**
 * A PostgreSQL server of a test's own, in a temporary folder on a free
 * loopback port, that the test may stop and start at will: the machine's
 * shared server must never be stopped. Removed when the test ends.
 */
export interface ThrowawayCluster {
  /** The database `learning_log` on it. */
  readonly url: string;
  /** `immediate` cuts every connection at once, as a crash would; `fast` ends them politely. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Starts it again on the same folder and port. */
  start(): Promise<void>;
}

const run = promisify(execFile);

export async function throwawayCluster(t: Test): Promise<ThrowawayCluster> {
  const bin = serverBinaries();
  const folder = mkdtempSync(join(tmpdir(), 'll-outage-pg-'));
  const data = join(folder, 'data');
  // PostgreSQL refuses to run as root; as root, the folder and the server belong to `postgres`.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? userIds('postgres') : undefined;
  if (owner !== undefined) chownSync(folder, owner.uid, owner.gid);
  const invocation = (name: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]]
      : [join(bin, name), args];
  const command = (name: string, args: string[]) => run(...invocation(name, args));

  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    // The tests stop the server, never the machine: the kernel keeps what was written.
    '-c fsync=off',
  ].join(' ');
  // Synchronous, waiting for nothing: a test file that times out runs its teardowns and is
  // ended moments later. SIGQUIT is the server's immediate shutdown.
  const remove = (): void => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Not running.
    }
    rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  };
  t.teardown(() => {
    process.off('exit', remove);
    remove();
  });
  // And a process that ends without its teardowns at all must not leave them either.
  process.on('exit', remove);

  await command('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const start = async (): Promise<void> => {
    const log = join(folder, 'server.log');
    await command('pg_ctl', [
      '-D',
      data,
      '-l',
      log,
      '-o',
      serverOptions,
      '-w',
      '-t',
      '30',
      'start',
    ]);
  };
  await start();

  const server = `postgres://postgres@127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE learning_log');
  await admin.end();

  return {
    url: `${server}/learning_log`,
    start,
    async stop(mode = 'immediate') {
      await command('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    },
  };
}

/** The newest installed server's programs (Debian keeps one folder per major version). */
function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const newest = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(`no PostgreSQL server under ${root}`);
  return join(root, newest, 'bin');
}

function userIds(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

/** A port nothing listens on now; the system picks it, so it is not the shared server's. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
