/**
 * One autocannon run whose requests differ from each other, in a process of
 * its own (load.ts starts it): each connection sends the plan's cycle of
 * reads and writes over and over, each read of another person's profile, each
 * write a new entry in another log. Prints the figures, per kind and in all,
 * as JSON on stdout.
 *
 *   node --import tsx bench/cannon.ts '{"url":…,"connections":50,"seconds":10,"plan":{…}}'
 */
import { createRequire } from 'node:module';
import { entryContent } from './entry-content.ts';
import type { LoadFigures, PlanFigures, RequestKind, RequestPlan } from './load.ts';

interface Job {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly plan: RequestPlan;
}

/** The parts of autocannon's request options and result used here. */
interface Request {
  readonly kind: RequestKind;
  readonly method: 'GET' | 'POST';
  setupRequest(request: Record<string, unknown>): Record<string, unknown>;
}
interface Client {
  readonly requestIterator: { readonly currentRequest: Request };
}
interface Result {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (options: object) => Promise<Result> & {
  on(
    event: 'response',
    listener: (client: Client, status: number, bytes: number, ms: number) => void,
  ): void;
};

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const job = JSON.parse(process.argv[2]!) as Job;
const { plan } = job;

// Counters shared by every connection, so no two requests of a run are alike.
const sent = { read: 0, write: 0 };
const now = new Date();
const run = `${process.pid}`;
const at = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

const builders: Record<RequestKind, (request: Record<string, unknown>) => Record<string, unknown>> =
  {
    read: (request) => {
      const n = sent.read++;
      return { ...request, path: at(plan.readPaths, n), headers: authorised(n) };
    },
    write: (request) => {
      const n = sent.write++;
      // Activities a minute apart, going back from now: all in the past, none alike.
      const content = entryContent(n, now, n + 1);
      const body = JSON.stringify({ ...content, learned: `${content.learned} Run ${run}.` });
      const headers = { ...authorised(n), 'content-type': 'application/json' };
      return { ...request, path: at(plan.writePaths, n), headers, body };
    },
  };

const requests: Request[] = plan.cycle.map((kind) => ({
  kind,
  method: kind === 'read' ? 'GET' : 'POST',
  setupRequest: builders[kind],
}));

const latencies: Record<RequestKind, number[]> = { read: [], write: [] };
const failed: Record<RequestKind, number> = { read: 0, write: 0 };

const instance = autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.seconds,
  requests,
});
// With one request in flight per connection, the request a client holds is the one answered.
instance.on('response', (client, status, _bytes, ms) => {
  const kind = client.requestIterator.currentRequest.kind;
  if (status >= 200 && status < 300) latencies[kind].push(ms);
  else failed[kind] += 1;
});
const result = await instance;

const figures = (times: number[], failures: number): LoadFigures => {
  times.sort((x, y) => x - y);
  const percentile = (share: number) => times[Math.floor(share * (times.length - 1))] ?? 0;
  return {
    requestsPerSecond: times.length / result.duration,
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    ok: times.length,
    failed: failures,
  };
};
const kinds = [...new Set(plan.cycle)];
const answer: PlanFigures = {
  total: figures(
    kinds.flatMap((kind) => latencies[kind]),
    kinds.reduce((sum, kind) => sum + failed[kind], result.errors + result.timeouts),
  ),
  byKind: Object.fromEntries(kinds.map((kind) => [kind, figures(latencies[kind], failed[kind])])),
};
process.stdout.write(JSON.stringify(answer));

function authorised(n: number): Record<string, string> {
  return { authorization: `Bearer ${at(plan.keys, n)}` };
}
