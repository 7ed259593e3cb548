import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import t, { type Test } from 'tap';
import { openSqliteDatabase, SqliteEventStore } from '../../src/event-store/sqlite.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import type { StoredEvent } from '../../src/event-store/port.ts';
import {
  appendsWithOneConflict,
  eventStoreContract,
  newEvent,
  type StoreFixture,
} from './contract.ts';

eventStoreContract(t, 'sqlite :memory:', async () => {
  const store = new SqliteEventStore(openSqliteDatabase(':memory:'), { ownsDb: true });
  return { store, cleanup: () => store.close() };
});

eventStoreContract(t, 'sqlite file', async () => fileStore(tempFile()));

t.test('a file database runs in WAL mode with synchronous=FULL', async (t) => {
  const db = openSqliteDatabase(tempFile(t));
  t.teardown(() => db.close());

  t.equal(db.pragma('journal_mode', { simple: true }), 'wal', 'journal_mode is WAL');
  t.equal(db.pragma('synchronous', { simple: true }), 2, 'synchronous is FULL (2)');
});

t.test('two connections racing on one stream: exactly one wins each round', async (t) => {
  const file = tempFile(t);
  // Create the schema first, so that the threads race only on appends.
  await new SqliteEventStore(openSqliteDatabase(file), { ownsDb: true }).close();
  const rounds = 40;
  const workers = 4;

  // Threads, because better-sqlite3 is synchronous: two connections in one
  // thread never overlap, so they would pass even without the write lock.
  const gates = new Int32Array(new SharedArrayBuffer(4 * rounds));
  const settled = await Promise.allSettled(
    Array.from({ length: workers }, (_, worker) =>
      runAppender({ file, worker, workers, rounds, gates }),
    ),
  );
  const outcomes = settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });

  const unfair = Array.from({ length: rounds }, (_, round) => ({
    round,
    results: outcomes.map((outcome) => outcome[round]),
  })).filter(
    ({ results }) => count(results, 'appended') !== 1 || count(results, 'conflict') !== workers - 1,
  );
  const store = new SqliteEventStore(openSqliteDatabase(file), { ownsDb: true });
  t.teardown(() => store.close());
  const streams = (await store.readAll({ after: logStart, limit: 1000 })).map(
    (event) => event.stream,
  );

  t.same(unfair, [], `every round: one thread appends, ${workers - 1} get a conflict`);
  t.equal(streams.length, rounds, 'one event per round reached the file');
  t.equal(new Set(streams).size, rounds, 'no stream got two');
});

t.test('a subscription sees events appended through another connection', async (t) => {
  const file = tempFile(t);
  const reader = new SqliteEventStore(openSqliteDatabase(file), { ownsDb: true });
  const writer = new SqliteEventStore(openSqliteDatabase(file), { ownsDb: true });
  t.teardown(() => Promise.all([reader.close(), writer.close()]));
  const seen: StoredEvent[] = [];
  reader.subscribe(logStart, async (events) => void seen.push(...events));
  const event = newEvent(1);

  await writer.append('log-a', [event], { expectedRevision: 'no-stream' });
  // Only the reader's poll can find it: the writer notifies its own subscribers.
  for (let waited = 0; seen.length === 0 && waited < 2000; waited += 50) await sleep(50);

  t.same(ids(seen), [event.id], 'the reader found the event by polling');
});

function count<T>(values: readonly T[], value: T): number {
  return values.filter((each) => each === value).length;
}

function fileStore(file: string): StoreFixture {
  let current = new SqliteEventStore(openSqliteDatabase(file), { ownsDb: true });

  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = new SqliteEventStore(openSqliteDatabase(file), { ownsDb: true });
      return current;
    },
    cleanup: async () => {
      await current.close();
      rmSync(join(file, '..'), { recursive: true, force: true });
    },
  };
}

/** A store on a file of its own, with its connection, closed when the test ends. */
function storeOnFile(t: Test) {
  const db = openSqliteDatabase(tempFile(t));
  const store = new SqliteEventStore(db, { ownsDb: true });
  t.teardown(() => store.close());
  return { db, store };
}

/** A database file in a fresh temporary folder, removed by the test's teardown if one is given. */
function tempFile(test?: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-'));
  test?.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'events.db');
}

type Outcome = 'appended' | 'conflict' | `failed: ${string}`;

interface AppenderOptions {
  readonly file: string;
  readonly worker: number;
  readonly workers: number;
  readonly rounds: number;
  /** One counter per round: a thread appends once every thread has reached that round. */
  readonly gates: Int32Array;
}

/** Starts a thread with its own connection that appends to `race-<round>` once per round. */
function runAppender(options: AppenderOptions): Promise<Outcome[]> {
  const modules = {
    adapter: new URL('../../src/event-store/sqlite.ts', import.meta.url).href,
    contract: new URL('./contract.ts', import.meta.url).href,
  };
  const workerData = { ...options, ...modules };
  const worker = new Worker(appenderScript(), { eval: true, workerData });

  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/**
 * Plain CommonJS, since an eval'd worker gets no TypeScript loader and
 * registers tsx itself. A thread waits at each round's gate until all have
 * arrived, and gives up after five seconds if one of them died.
 */
function appenderScript(): string {
  return `
    const { parentPort, workerData: w } = require('node:worker_threads');

    async function main() {
      (await import('tsx/esm/api')).register();
      const { openSqliteDatabase, SqliteEventStore } = await import(w.adapter);
      const { newEvent } = await import(w.contract);
      const store = new SqliteEventStore(openSqliteDatabase(w.file), { ownsDb: true });
      const outcomes = [];
      for (let round = 0; round < w.rounds; round += 1) {
        Atomics.add(w.gates, round, 1);
        Atomics.notify(w.gates, round);
        for (let n; (n = Atomics.load(w.gates, round)) < w.workers; ) {
          const woke = Atomics.wait(w.gates, round, n, 5000);
          if (woke === 'timed-out') throw new Error('round ' + round + ': a thread never came');
        }
        const event = newEvent(1000 * round + w.worker);
        const append = store.append('race-' + round, [event], { expectedRevision: 'no-stream' });
        outcomes.push(await append.then(() => 'appended', describe));
      }
      await store.close();
      parentPort.postMessage(outcomes);
    }

    function describe(error) {
      if (error.name === 'WrongExpectedRevisionError') return 'conflict';
      return 'failed: ' + error.name + ' ' + error.message;
    }

    main();
  `;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ids(events: readonly StoredEvent[]): string[] {
  return events.map((event) => event.id);
}

t.test(
  'group commit: concurrent appends share one transaction, and a conflict fails alone',
  async (t) => {
    const { store } = storeOnFile(t);
    await store.append('log-shared', [newEvent(1)], { expectedRevision: 'no-stream' });
    const before = store.batchesCommitted;

    const appends = appendsWithOneConflict(store, 'log-shared');
    const settled = await Promise.allSettled(appends);

    t.equal(store.batchesCommitted - before, 1, 'twenty-two appends, one transaction');
    t.equal(
      settled.filter((outcome) => outcome.status === 'fulfilled').length,
      21,
      'every append but the conflicting one is stored',
    );
    t.match(
      settled.at(-1),
      { status: 'rejected', reason: { name: 'WrongExpectedRevisionError' } },
      'the conflict fails alone, as if it had run by itself',
    );
    t.equal(await store.headPosition(), 22, 'and nothing of it was stored');
    const positions = settled.flatMap((outcome) =>
      outcome.status === 'fulfilled' ? [outcome.value.position] : [],
    );
    t.same(
      positions,
      Array.from({ length: 21 }, (_, i) => i + 2),
      'in the order they were asked for',
    );
  },
);

t.test(
  'a full database refuses appends as unavailable, and takes them once it has room',
  async (t) => {
    const { db, store } = storeOnFile(t);
    await store.append('log-full', [newEvent(1)], { expectedRevision: 'no-stream' });
    // No page more than it has: SQLite answers SQLITE_FULL as a full disk would.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const big = (seq: number) => newEvent(seq, { data: { seq, text: 'x'.repeat(20_000) } });

    const refused = await Promise.allSettled([
      store.append('log-full', [big(2)], { expectedRevision: 0 }),
      store.append('log-other', [big(3)], { expectedRevision: 'no-stream' }),
    ]);
    t.match(
      refused,
      [
        { status: 'rejected', reason: { name: 'StoreUnavailableError' } },
        { status: 'rejected', reason: { name: 'StoreUnavailableError' } },
      ],
      'both appends of the batch are refused as unavailable (503), not as a bug',
    );
    t.equal(await store.headPosition(), 1, 'and nothing of them is stored');

    db.pragma('max_page_count = 1000000');
    const appended = await store.append('log-full', [big(4)], { expectedRevision: 0 });
    t.match(appended, { revision: 1, position: 2 }, 'with room again, the next append is stored');
  },
);

t.test(
  'an append that takes its whole batch down fails the batch, and stores none of it',
  async (t) => {
    const { db, store } = storeOnFile(t);
    // As a full disk or an I/O error may do: the whole transaction is rolled back, not one savepoint.
    db.exec(`
      CREATE TRIGGER doomed BEFORE INSERT ON events WHEN NEW.stream = 'log-doomed'
      BEGIN SELECT RAISE(ROLLBACK, 'the batch is gone'); END
    `);

    const settled = await Promise.allSettled(
      ['log-before', 'log-doomed', 'log-after'].map((stream, i) =>
        store.append(stream, [newEvent(i + 1)], { expectedRevision: 'no-stream' }),
      ),
    );

    t.same(
      settled.map((outcome) => outcome.status),
      ['rejected', 'rejected', 'rejected'],
      'no append of the batch is answered as stored',
    );
    t.equal(await store.headPosition(), 0, 'and none is stored, the one after it included');
    t.notOk(db.inTransaction, 'no transaction is left open');
    const next = await store.append('log-after', [newEvent(4)], { expectedRevision: 'no-stream' });
    t.equal(next.position, 1, 'the next batch is stored as usual');
  },
);
