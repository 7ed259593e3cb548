import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

export interface LoadOptions {
  readonly connections: number;
  readonly seconds: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Requests per second over all connections; absent: as many as the server answers. */
  readonly rate?: number;
}

/** One autocannon run, in the figures the report prints. */
export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  /** Answers outside 2xx, plus connection errors and timeouts: all should be 0. */
  readonly failed: number;
}

const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const run = promisify(execFile);

/**
 * Loads `url` with GETs for a while. autocannon runs in a process of its own:
 * in the server's process it would share the event loop being measured.
 */
export async function load(url: string, options: LoadOptions): Promise<LoadFigures> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
    '-H',
    `${name}=${value}`,
  ]);
  const rate = options.rate === undefined ? [] : ['-R', `${options.rate}`];
  const args = ['-j', '-c', `${options.connections}`, '-d', `${options.seconds}`, ...rate];
  const { stdout } = await run(process.execPath, [autocannon, ...args, ...headers, url], {
    maxBuffer: 16 * 1024 * 1024,
  });

  const result = JSON.parse(stdout) as AutocannonResult;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

export type RequestKind = 'read' | 'write';

/**
 * Which requests each connection sends, in turn and over and over: reads go
 * to the read paths and writes to the write paths in rotation, each with the
 * next of the keys. Writes each carry a new entry (bench/entry-content.ts).
 */
export interface RequestPlan {
  readonly cycle: readonly RequestKind[];
  readonly readPaths: readonly string[];
  readonly writePaths: readonly string[];
  readonly keys: readonly string[];
}

/** A run of a plan: all its answers, and each kind's apart. Latency here is to a hundredth of a ms. */
export interface PlanFigures {
  readonly total: LoadFigures;
  readonly byKind: Partial<Record<RequestKind, LoadFigures>>;
}

const cannon = new URL('./cannon.ts', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx');

/** Loads `url` with a plan's requests, in a process of its own (bench/cannon.ts). */
export async function loadPlan(
  url: string,
  plan: RequestPlan,
  options: { connections: number; seconds: number },
): Promise<PlanFigures> {
  const job = JSON.stringify({ url, plan, ...options });
  const { stdout } = await run(process.execPath, ['--import', tsx, cannon, job], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as PlanFigures;
}

/** The parts of autocannon's `--json` output used here. */
interface AutocannonResult {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly '2xx': number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
