import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real service in a process of its own, as `npm start` runs it. */
export interface ServiceProcess {
  readonly baseUrl: string;
  /** From spawning the process to Fastify's "listening" log line. */
  readonly listeningMs: number;
  /** From spawning to /health/ready answering 200 with the read models at the head of the log. */
  readonly readyMs: number;
  /** The process's resident memory now, and the most it has had, in bytes. */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const startTimeoutMs = 120_000;

/**
 * Starts src/main.ts through tsx on 127.0.0.1 and a port of the system's
 * choosing, with the default log level (the listening line tells the port)
 * and no rate limit, and waits until it is ready.
 */
export async function startService(env: Readonly<Record<string, string>>): Promise<ServiceProcess> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(repoRoot, 'src/main.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...env,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        LEARNING_LOG_RATE_LIMIT: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };

  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  try {
    const baseUrl = await listeningUrl(child.stdout, exited);
    const listeningMs = performance.now() - started;
    await readyAtHead(baseUrl);
    const readyMs = performance.now() - started;
    // Request logs keep coming; they are read and dropped so the pipe never fills.
    child.stdout.resume();
    return { baseUrl, listeningMs, readyMs, memory: () => memoryOf(child.pid!), stop };
  } catch (error) {
    await stop();
    throw new Error(`the service did not start: ${(error as Error).message}\n${errors}`);
  }
}

/** The address in Fastify's "Server listening at …" log line. */
function listeningUrl(stdout: NodeJS.ReadableStream, exited: Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('no listening line')), startTimeoutMs);
    void exited.then(() => reject(new Error('it stopped')));
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      stdout.off('data', onData);
      resolve(match[1]!);
    };
    stdout.on('data', onData);
  });
}

async function readyAtHead(baseUrl: string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/health/ready`);
    const body = (await response.json()) as { position: number | null; head: number | null };
    if (response.status === 200 && body.position === body.head) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('not ready in time');
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { rss: kilobytes('VmRSS') * 1024, peak: kilobytes('VmHWM') * 1024 };
}
