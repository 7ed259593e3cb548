import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A service process started as an operator would, on a loopback port of its own. */
export interface Instance {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote to standard output and standard error. */
  output(): string;
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
}

export interface RequestOptions {
  /** The API key; none for public paths. */
  readonly key?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Gives up (rejects) when no answer came in this time; no limit by default. */
  readonly timeoutMs?: number;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/**
 * Starts `src/main.ts` in a child process with the given environment on
 * 127.0.0.1 and a port the system picks, and resolves once it listens. The
 * process is killed when the test ends, if it still runs.
 */
export async function startInstance(t: Test, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), 'src/main.ts'], {
    cwd: repoRoot,
    // Coverage is not collected from service processes (see test/examples/demo.test.ts).
    env: {
      ...process.env,
      _TAPJS_PROCESSINFO_COVERAGE_: '0',
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in:\n${output}`)), 30_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening !== null) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url,
    child,
    output: () => output,
    async request(method, path, options) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options?.key ?? ''}`,
          ...(options?.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options?.headers,
        },
        body: options?.body === undefined ? undefined : JSON.stringify(options.body),
        signal:
          options?.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
    },
  };
}

/** Resolves once the process has exited. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The admin key a first start on an empty store prints, once. */
export async function firstAdminKey(server: Instance): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const key = /(ll_[0-9a-f]{12}_[0-9a-f]{48})/.exec(server.output())?.[1];
    if (key !== undefined) return key;
    await sleep(50);
  }
  throw new Error('the first start printed no admin key');
}
