/**
 * What each recorded entry asks of the database: every statement the service
 * sends while autocannon records entries (or reads profiles), counted per
 * answer, and on SQLite timed too. On PostgreSQL statements overlap, so only
 * their counts mean something. Prints figures; times nothing against a limit.
 *
 *   npm run bench:statements -- [--store sqlite|postgres] [--kind write|read]
 *                               [--seconds 6] [--warmup 2] [--connections 50]
 *
 * On PostgreSQL, DATABASE_URL names an ll_bench_ database (see bench/README.md).
 */
import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { listen, recordingApp } from './apps.ts';
import { loadPlan, type RequestKind } from './load.ts';
import { seed } from './seed.ts';
import { openBenchStore, type StoreKind } from './stores.ts';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    kind: { type: 'string', default: 'write' },
    seconds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
  },
});
const kind = values.store as StoreKind;
if (kind !== 'sqlite' && kind !== 'postgres') throw new Error('--store is sqlite or postgres');
const requests = values.kind as RequestKind;
if (requests !== 'write' && requests !== 'read') throw new Error('--kind is write or read');
const connections = Number(values.connections);

/** Per statement text: how often it ran, and (SQLite) for how long in all. */
const statements = new Map<string, { count: number; nanoseconds: bigint }>();
let counting = false;

const note = (text: string, nanoseconds: bigint): void => {
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
  const seen = statements.get(key) ?? { count: 0, nanoseconds: 0n };
  seen.count += 1;
  seen.nanoseconds += nanoseconds;
  statements.set(key, seen);
};

// SQLite runs each statement on the event loop, so its time is the statement's own.
const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1'));
for (const method of ['run', 'get', 'all'] as const) {
  const original = statement[method];
  statement[method] = function (this: { source: string }, ...args: unknown[]) {
    if (!counting) return original.apply(this, args);
    const started = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      note(this.source, process.hrtime.bigint() - started);
    }
  };
}
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const [first] = args as [string | { text?: string }];
    note(typeof first === 'string' ? first : (first.text ?? ''), 0n);
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const log = pino({ level: 'silent' });
const store = await openBenchStore(kind, log);
const app = await recordingApp(store.runtime, store.runtime.readAudit, log);
const url = await listen(app);
try {
  const seeded = await seed(url, store.runtime, { supported: 50, authors: 5 });
  const plan = {
    cycle: [requests],
    readPaths: seeded.people.map((person) => person.profilePath),
    writePaths: seeded.people.map((person) => person.entriesPath),
    keys: seeded.authorKeys,
  };
  await loadPlan(url, plan, { connections, seconds: Number(values.warmup) });

  counting = true;
  const figures = await loadPlan(url, plan, { connections, seconds: Number(values.seconds) });
  counting = false;

  const answers = figures.total.ok;
  const all = [...statements.values()];
  const perAnswer = (n: number | bigint) => (Number(n) / answers).toFixed(2).padStart(8);
  console.log(
    `${store.description}, ${requests === 'write' ? 'entries recorded' : 'profiles read'}`,
  );
  console.log(`${answers} answers, ${Math.round(figures.total.requestsPerSecond)} a second`);
  console.log(`statements per answer ${perAnswer(all.reduce((sum, s) => sum + s.count, 0))}`);
  if (kind === 'sqlite') {
    const nanoseconds = all.reduce((sum, s) => sum + s.nanoseconds, 0n);
    console.log(`µs in statements per answer ${perAnswer(nanoseconds / 1000n)}`);
  }
  console.log(
    kind === 'sqlite' ? '\n  µs/answer  runs/answer  statement' : '\n  runs/answer  statement',
  );
  const rows = [...statements].sort(([, a], [, b]) =>
    kind === 'sqlite' ? Number(b.nanoseconds - a.nanoseconds) : b.count - a.count,
  );
  for (const [text, { count, nanoseconds }] of rows.slice(0, 25)) {
    const time = kind === 'sqlite' ? `${perAnswer(nanoseconds / 1000n)}   ` : '';
    console.log(`  ${time}${perAnswer(count)}     ${text}`);
  }
} finally {
  await app.close();
  await store.dispose();
}
