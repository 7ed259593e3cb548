import { cpus, loadavg } from 'node:os';
import type { BatchFigures } from './counting-store.ts';
import type { LoadFigures } from './load.ts';
import type { ServerUsage } from './server-usage.ts';

export type Variant = 'a' | 'b' | 'c' | 'd' | 'e';

export interface Run {
  readonly round: number;
  readonly variant: Variant;
  readonly seconds: number;
  readonly figures: LoadFigures;
  /** Rows the run added to record_reads. */
  readonly rows: number;
  /** Only for variants that record, through a counting read log. */
  readonly batches: BatchFigures | undefined;
  /** The machine's one-minute load average as the run ended: other work on it shows here. */
  readonly load: number;
  /** The server process's CPU time and context switches per answer. */
  readonly server: ServerUsage;
}

const names: Record<Variant, string> = {
  a: '(a) profile, every read recorded',
  b: '(b) profile, nothing recorded',
  c: '(c) bare Fastify route',
  d: '(d) as (a), no flush per batch',
  e: '(e) held for a batch, not stored',
};

export function printMachine(
  store: string,
  load: { connections: number; seconds: number; warmup: number; rate: number | undefined },
): void {
  console.log(`machine: ${cpus().length} cpus, ${cpus()[0]?.model}, Node ${process.version}`);
  console.log(`store:   ${store}`);
  console.log(
    `load:    autocannon, ${load.connections} connections, ${load.rate === undefined ? 'as fast as answered' : `${load.rate} requests/s in all`}, ${load.seconds} s per run after ${load.warmup} s of warm-up`,
  );
  console.log(`one-minute load average before the first run: ${loadavg()[0]!.toFixed(2)}\n`);
}

export function printRun(run: Run): void {
  const { round, variant, seconds, figures, rows, batches, load, server } = run;
  const line = [
    `round ${round} ${names[variant].padEnd(34)}`,
    `${figures.requestsPerSecond.toFixed(0).padStart(6)} req/s`,
    `p50 ${figures.p50Ms} ms`,
    `p99 ${figures.p99Ms} ms`,
    `2xx ${figures.ok}`,
    `failed ${figures.failed}`,
    `load ${load.toFixed(2)}`,
  ];
  console.log(line.join('  '));
  console.log(
    [
      `        server, per answer: cpu ${server.cpuUs.toFixed(0)} µs (system ${server.systemUs.toFixed(0)}), slept ${server.sleeps.toFixed(2)} times, preempted ${server.preempted.toFixed(2)} times`,
      `        inside the server: answer p50 ${server.answerP50Ms.toFixed(1)} ms, p99 ${server.answerP99Ms.toFixed(1)} ms; event-loop delay p99 ${server.loopDelayP99Ms.toFixed(1)} ms, at most ${server.loopDelayMaxMs.toFixed(1)} ms`,
    ].join('\n'),
  );
  if (batches === undefined) return;

  const share = (100 * batches.busyMs) / (seconds * 1000);
  console.log(
    [
      `        record_reads: ${rows} rows added; ${figures.ok} 2xx answers seen`,
      `        batches: ${batches.batches} (one transaction each where stored), ${batches.meanSize.toFixed(1)} reads each on average, ${batches.maxSize} at most`,
      `        append: ${batches.meanMs.toFixed(2)} ms on average, p99 ${batches.p99Ms.toFixed(1)} ms, at most ${batches.maxMs.toFixed(1)} ms; together ${share.toFixed(0)} % of the run`,
    ].join('\n'),
  );
}

/** Per round, the ratios the question is about; then how far the rounds disagree. */
export function printSummary(runs: readonly Run[]): void {
  console.log('\nratios');
  for (const round of new Set(runs.map((run) => run.round))) {
    const of = (variant: Variant) =>
      runs.find((run) => run.round === round && run.variant === variant);
    const compare = (x: Variant, y: Variant) => {
      const [top, bottom] = [of(x), of(y)];
      if (top === undefined || bottom === undefined) return [];
      const [t, u] = [top.figures, bottom.figures];
      return [
        `(${x})/(${y}) req/s ${(t.requestsPerSecond / u.requestsPerSecond).toFixed(3)}`,
        `p50 ${signed(t.p50Ms - u.p50Ms)} ms`,
        `p99 ${signed(t.p99Ms - u.p99Ms)} ms`,
        `cpu/answer ${(top.server.cpuUs / bottom.server.cpuUs).toFixed(3)}`,
      ].join(', ');
    };
    const pairs: Array<[Variant, Variant]> = [
      ['a', 'b'],
      ['b', 'c'],
      ['e', 'b'],
      ['a', 'e'],
      ['d', 'e'],
    ];
    for (const text of pairs.map(([x, y]) => compare(x, y))) {
      if (text.length > 0) console.log(`round ${round}  ${text}`);
    }
  }

  console.log('\nnoise: spread of req/s between rounds, (largest - smallest) / smallest');
  for (const variant of new Set(runs.map((run) => run.variant))) {
    const rates = runs
      .filter((run) => run.variant === variant)
      .map((run) => run.figures.requestsPerSecond);
    const spread = (Math.max(...rates) - Math.min(...rates)) / Math.min(...rates);
    console.log(`${names[variant].padEnd(34)} ${(100 * spread).toFixed(1)} %`);
  }
}

function signed(value: number): string {
  return value < 0 ? `${value}` : `+${value}`;
}
