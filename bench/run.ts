/**
 * The service's figures (#5), each against a baseline measured in the same
 * run, so that the ratio survives a noisy machine. Prints a table per store;
 * times nothing against a limit. What each figure means: bench/README.md.
 *
 *   npm run bench -- [--store sqlite|postgres|both] [--only record,read,mixed,rebuild,scale]
 *                    [--seconds 10] [--warmup 2] [--connections 50]
 *                    [--events 1000000] [--small-events 10000] [--fresh]
 *                    [--pg-url postgres://postgres@127.0.0.1:5432/test]
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { generatedStore, type GeneratedStore } from './generated-stores.ts';
import { measureHttp, supportedPeople, type HttpMeasure, type LoadShape } from './http-measures.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { benchDatabases } from './pg-databases.ts';
import { measureRebuild } from './rebuild.ts';
import { addHttp, addRebuild, addScale, type Report } from './rows.ts';
import { measureScale } from './scale.ts';
import { openBenchStore, type StoreKind } from './stores.ts';
import { printTable, seconds } from './table.ts';

const measures = ['record', 'read', 'mixed', 'rebuild', 'scale'] as const;
type Measure = (typeof measures)[number];

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    only: { type: 'string', default: measures.join(',') },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    events: { type: 'string', default: '1000000' },
    'small-events': { type: 'string', default: '10000' },
    fresh: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const stores: StoreKind[] =
  values.store === 'both' ? ['sqlite', 'postgres'] : [values.store as StoreKind];
if (!stores.every((kind) => kind === 'sqlite' || kind === 'postgres')) {
  throw new Error('--store is sqlite, postgres or both');
}
const only = values.only.split(',') as Measure[];
if (!only.every((measure) => measures.includes(measure))) {
  throw new Error(`--only takes a comma-separated list of ${measures.join(', ')}`);
}
const shape: LoadShape = {
  connections: Number(values.connections),
  seconds: Number(values.seconds),
  warmup: Number(values.warmup),
};
const events = Number(values.events);
const smallEvents = Number(values['small-events']);
const fresh = values.fresh;
const serverUrl = stores.includes('postgres') ? values['pg-url'] : undefined;

const log = pino({ level: 'silent' });
const databases = benchDatabases(values['pg-url']);
const started = performance.now();

const args = process.argv.slice(2);
console.log(`command:  npm run bench${args.length === 0 ? '' : ` -- ${args.join(' ')}`}`);
for (const line of await describeMachine(serverUrl)) console.log(line);
console.log(
  `load:     autocannon, ${shape.connections} connections, ${shape.seconds} s per run after ${shape.warmup} s of warm-up`,
);
try {
  for (const kind of stores) {
    const report: Report = { rows: [], notes: [] };
    const storeStarted = performance.now();
    for (const [what, measure] of [
      ['record, read, mixed', httpMeasures],
      ['rebuild, scale', storeMeasures],
    ] as const) {
      // One measure that fails leaves the others' figures standing.
      try {
        await measure(kind, report);
      } catch (error) {
        report.notes.push(`${what}: stopped by ${(error as Error).stack ?? String(error)}`);
      }
    }
    report.notes.push(
      `${seconds(performance.now() - storeStarted)} for this store; load average now ${loadAverage()}`,
    );
    printTable(titleOf(kind), report.rows, report.notes);
  }
} finally {
  await databases.dropAll();
}
console.log(`\nall done in ${seconds(performance.now() - started)}`);

async function httpMeasures(kind: StoreKind, report: Report): Promise<void> {
  const wanted = only.filter((measure): measure is HttpMeasure =>
    ['record', 'read', 'mixed'].includes(measure),
  );
  if (wanted.length === 0) return;

  const url = kind === 'postgres' ? await databases.create('http') : undefined;
  const store = await openBenchStore(kind, log, url);
  try {
    progress(kind, `record, read, mixed (${wanted.join(', ')})`);
    for (const result of await measureHttp(store, wanted, shape, log)) addHttp(report, result);
  } finally {
    await store.dispose();
    if (url !== undefined) await databases.drop(url);
  }
  report.notes.push(
    `record, read, mixed: a fresh store, ${supportedPeople} supported people seeded through the API, one log and one profile each`,
  );
}

/** Rebuild and scale, on generated stores. */
async function storeMeasures(kind: StoreKind, report: Report): Promise<void> {
  if (!only.includes('rebuild') && !only.includes('scale')) return;

  progress(kind, `putting the store of ${events} events in place`);
  const big = await generatedStore(kind, events, log, { fresh, databases });
  try {
    noteCopy(report, big);
    if (only.includes('rebuild')) {
      const runtime = await big.openRuntime();
      try {
        progress(kind, 'reading every event, then rebuilding every projection');
        addRebuild(report, await measureRebuild(runtime));
      } finally {
        await runtime.close();
      }
    } else if (!big.readModelsBuilt) {
      await buildReadModels(big);
    }
    if (!only.includes('scale')) return;

    const small = await generatedStore(kind, smallEvents, log, { fresh, databases });
    try {
      if (!small.readModelsBuilt) await buildReadModels(small);
      progress(kind, 'the service on each store');
      const onSmall = await measureScale(small, shape);
      addScale(report, await measureScale(big, shape), onSmall);
    } finally {
      await small.dispose();
    }
  } finally {
    await big.dispose();
  }
}

/** What the run is doing, on stderr: a full run takes a while and prints its table at the end. */
function progress(kind: StoreKind, step: string): void {
  process.stderr.write(`${seconds(performance.now() - started).padStart(8)}  ${kind}: ${step}\n`);
}

async function buildReadModels(store: GeneratedStore): Promise<void> {
  const runtime = await store.openRuntime();
  try {
    await runtime.projector.rebuild();
  } finally {
    await runtime.close();
  }
}

function noteCopy(report: Report, store: GeneratedStore): void {
  const { manifest, copyMs } = store;
  const generated = `${manifest.events} events generated once in ${seconds(manifest.generatedInMs)}`;
  const copied = copyMs === undefined ? '' : `, copied into PostgreSQL in ${seconds(copyMs)}`;
  report.notes.push(`big store: ${generated}${copied}`);
}

function titleOf(kind: StoreKind): string {
  return kind === 'sqlite'
    ? 'SQLite: a file in WAL mode with synchronous=FULL, as the service runs it'
    : `PostgreSQL: ll_bench_ databases on ${new URL(values['pg-url']).host}`;
}
