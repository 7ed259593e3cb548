/**
 * What recording every read costs (#4): the one-page profile read with every
 * read recorded, the same read with recording taken out, and a bare Fastify
 * route for scale. Prints figures; times nothing against a limit.
 *
 *   npx tsx bench/read-audit.ts [--store sqlite|postgres] [--seconds 10] [--warmup 2]
 *                               [--connections 50] [--rounds 2] [--breakdown] [--rate N]
 *
 * --breakdown adds (e), answers held for their batch but stored nowhere, and
 * on SQLite (d), reads stored without a flush per batch. --rate sends N requests/s
 * in all instead of as many as the server answers. See bench/README.md.
 */
import type { FastifyInstance } from 'fastify';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { ReadAuditStore } from '../src/read-audit/port.ts';
import { bareApp, listen, recordingApp, unrecordedApp } from './apps.ts';
import { CountingReadAudit } from './counting-store.ts';
import { load, type LoadOptions } from './load.ts';
import { printMachine, printRun, printSummary, type Run, type Variant } from './report.ts';
import { seed } from './seed.ts';
import { measureServer, timeAnswers } from './server-usage.ts';
import { openBenchStore, type StoreKind } from './stores.ts';
import { readLogNowhere, readLogWithoutFlush } from './what-if.ts';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '2' },
    breakdown: { type: 'boolean', default: false },
    rate: { type: 'string' },
  },
});
const kind = values.store as StoreKind;
if (kind !== 'sqlite' && kind !== 'postgres') throw new Error('--store is sqlite or postgres');
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const rate = values.rate === undefined ? undefined : Number(values.rate);

const log = pino({ level: 'silent' });
const store = await openBenchStore(kind, log);
const { runtime } = store;
const unflushed =
  values.breakdown && store.databaseFile !== undefined
    ? readLogWithoutFlush(store.databaseFile)
    : undefined;

/** Each variant's app, its answers' times, and for those that record, the read log that counts. */
const setups = new Map<
  Variant,
  { app: FastifyInstance; answers: { take(): number[] }; readLog?: CountingReadAudit }
>();
const add = (variant: Variant, app: FastifyInstance, readLog?: CountingReadAudit) =>
  setups.set(variant, { app, answers: timeAnswers(app), readLog });
const recording = async (variant: Variant, inner: ReadAuditStore) => {
  const readLog = new CountingReadAudit(inner);
  add(variant, await recordingApp(runtime, readLog, log), readLog);
};
await recording('a', runtime.readAudit);
add('b', await unrecordedApp(runtime, log));
add('c', await bareApp());
if (unflushed !== undefined) await recording('d', unflushed.readLog);
if (values.breakdown) await recording('e', readLogNowhere);

try {
  const urls = new Map<Variant, string>();
  for (const [variant, { app }] of setups) urls.set(variant, await listen(app));
  const { profilePath, readerKey } = await seed(urls.get('a')!, runtime);
  const headers = { authorization: `Bearer ${readerKey}` };
  const target = (variant: Variant) =>
    variant === 'c'
      ? { url: `${urls.get(variant)}/` }
      : { url: urls.get(variant) + profilePath, headers };
  printMachine(store.description, { connections, seconds, warmup, rate });

  const runs: Run[] = [];
  const variants = [...setups.keys()];
  for (let round = 1; round <= rounds; round++) {
    // Every other round runs backwards, so a drift in the machine's other load favours no variant.
    const order = round % 2 === 1 ? variants : [...variants].reverse();
    for (const variant of order) {
      const { url, headers } = target(variant);
      const options: LoadOptions = { connections, seconds, headers, rate };
      const { readLog, answers } = setups.get(variant)!;
      await load(url, { ...options, seconds: warmup });
      await settle();

      readLog?.reset();
      const rowsBefore = await store.countReads();
      const usage = measureServer(answers);
      const figures = await load(url, options);
      await settle();
      const server = usage(figures.ok);
      const rows = (await store.countReads()) - rowsBefore;

      const batches = readLog?.figures();
      const run: Run = {
        round,
        variant,
        seconds,
        figures,
        rows,
        batches,
        server,
        load: loadavg()[0]!,
      };
      printRun(run);
      runs.push(run);
    }
  }
  printSummary(runs);
} finally {
  await Promise.all([...setups.values()].map(({ app }) => app.close()));
  unflushed?.close();
  await store.dispose();
}

/** Lets the reads autocannon left in flight when it stopped be answered, and recorded. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}
