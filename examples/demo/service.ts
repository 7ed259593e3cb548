import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningService {
  readonly baseUrl: string;
  /** The admin key the service printed on its first start. */
  readonly adminKey: string;
  /** Everything the service wrote, for when something goes wrong. */
  output(): string;
  /** Stops the service and removes its data folder; safe to call twice. */
  stop(): Promise<void>;
}

const keyPattern = /\bll_[A-Za-z0-9]+_[A-Za-z0-9_-]+/;
/** The service's output with any key blanked, fit to show when something goes wrong. */
const shown = (output: string): string =>
  output.replace(new RegExp(keyPattern, 'g'), 'll_<key not shown>');
const startTimeoutMs = 30_000;

/**
 * Starts `src/main.ts` on a fresh temporary store, on 127.0.0.1 and a free
 * port. When `signal` aborts while it starts, it stops and cleans up first.
 */
export async function startService(
  repoRoot: string,
  signal?: AbortSignal,
): Promise<RunningService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'learning-log-demo-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LEARNING_LOG_DATA_DIR: dataDir,
      PORT: `${port}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // A process that could not be started never exits; say why and carry on to clean up.
    child.once('error', (error) => {
      output += `\ncould not start the service: ${error.message}\n`;
      resolve();
    });
  });
  let gone = false;
  void exited.then(() => (gone = true));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (!gone) await end(child, exited);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    const adminKey = await until(
      () => keyPattern.exec(output)?.[0],
      () => gone,
      'the admin key',
      signal,
    );
    await until(
      async () => ((await ready(baseUrl)) ? true : undefined),
      () => gone,
      'readiness',
      signal,
    );
    return { baseUrl, adminKey, output: () => shown(output), stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- service output ---\n${shown(output)}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(0, '127.0.0.1', resolve),
  );
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string')
    throw new Error('could not find a free port');
  return address.port;
}

/** Polls until `check` gives a value, the child exits, or time runs out. */
async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  gone: () => boolean,
  what: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    const value = await check();
    if (value !== undefined) return value;
    if (gone()) throw new Error(`the service stopped while the demo waited for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what} after ${startTimeoutMs / 1000} s`);
}

async function ready(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/health/ready`)).status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** SIGTERM lets the service close its store cleanly; SIGKILL if it does not stop in time. */
async function end(child: ChildProcess, exited: Promise<void>): Promise<void> {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
