import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import t, { type Test } from 'tap';
import { compareCursors, cursorOf, logStart } from '../../src/event-store/log-cursor.ts';
import type { StoredEvent } from '../../src/event-store/port.ts';
import { insertStatement, valuesOf } from '../../src/event-store/postgres-batch.ts';
import type { PostgresEventStore } from '../../src/event-store/postgres.ts';
import type { PostgresDatabase } from '../../src/postgres/database.ts';
import { freshEventStore } from '../helpers/postgres.ts';
import { newEvent } from '../event-store/contract.ts';

/**
 * PostgreSQL hands out positions at insert but makes rows visible at commit,
 * so transactions commit out of order. These tests hold transactions open on
 * connections of their own to prove that no reader ever passes an event that
 * will still appear behind it.
 */

async function openStore(t: Test) {
  const { url, db, store } = await freshEventStore(t);

  /** A writer on a connection of its own, whose transaction the test opens and ends by hand. */
  const writer = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    t.teardown(() => client.end());
    return {
      begin: () => client.query('BEGIN'),
      insert: async (stream: string, revision: number, seq: number) => {
        const event = newEvent(seq);
        // The store's own insert, on a connection whose transaction the test holds open.
        const { rows } = await client.query<{ position: string }>(
          insertStatement(1),
          valuesOf(event, stream, revision),
        );
        return { id: event.id, position: Number(rows[0]!.position) };
      },
      commit: () => client.query('COMMIT'),
      rollback: () => client.query('ROLLBACK'),
    };
  };

  return { store, writer, db };
}

/** The bug these tests guard against, for contrast: reading by position alone. */
async function naiveRead(db: PostgresDatabase, after: number) {
  return db.query<{ id: string }>('SELECT id FROM events WHERE position > $1 ORDER BY position', [
    after,
  ]);
}

/** Subscribes from the start and keeps every delivered event, checking order as it goes. */
function follow(store: PostgresEventStore) {
  const delivered: StoredEvent[] = [];
  let outOfOrder = 0;
  const subscription = store.subscribe(logStart, async (batch) => {
    for (const event of batch) {
      const last = delivered.at(-1);
      if (last !== undefined && compareCursors(cursorOf(event), cursorOf(last)) <= 0)
        outOfOrder += 1;
      delivered.push(event);
    }
  });
  return {
    delivered,
    get outOfOrder() {
      return outOfOrder;
    },
    close: () => subscription.close(),
    until: async (count: number, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (delivered.length < count && Date.now() < deadline) await sleep(10);
    },
  };
}

t.test('a reader waits for an open transaction that took a lower position', async (t) => {
  const { store, writer, db } = await openStore(t);
  const slow = await writer();
  const fast = await writer();
  const reader = follow(store);
  t.teardown(reader.close);

  await slow.begin();
  const early = await slow.insert('log-slow', 0, 1);
  await fast.begin();
  const late = await fast.insert('log-fast', 0, 2);
  await fast.commit();
  t.ok(early.position < late.position, 'the open transaction holds the lower position');

  await sleep(600);
  t.same(
    await store.readAll({ after: logStart, limit: 10 }),
    [],
    'readAll does not pass the open transaction: the later commit is held back',
  );
  t.equal(reader.delivered.length, 0, 'nor does a subscription, over several polls');
  t.same(await store.head(), logStart, 'the head stays at the start');

  // What a reader polling `position > last seen` would have done: taken the later event, and
  // with it moved past the earlier one for good.
  const naive = await naiveRead(db, 0);
  t.same(
    naive.map((row) => row.id),
    [late.id],
    'a naive poller would have taken the later one',
  );

  await slow.commit();
  await reader.until(2);
  t.same(
    (await naiveRead(db, late.position)).map((row) => row.id),
    [],
    'and, polling on from there, would never see the earlier one',
  );

  t.same(
    reader.delivered.map((event) => event.id),
    [early.id, late.id],
    'once it commits, both arrive: the lower position first, each once',
  );
  t.same(
    (await store.readAll({ after: logStart, limit: 10 })).map((event) => event.id),
    [early.id, late.id],
    'readAll agrees',
  );
});

t.test('a transaction that rolls back does not stall readers', async (t) => {
  const { store, writer } = await openStore(t);
  const doomed = await writer();
  const other = await writer();
  const reader = follow(store);
  t.teardown(reader.close);

  await doomed.begin();
  await doomed.insert('log-doomed', 0, 1);
  await other.begin();
  const kept = await other.insert('log-kept', 0, 2);
  await other.commit();
  await sleep(300);
  t.equal(reader.delivered.length, 0, 'held back while the first is open');

  // A rollback sends no notification: the subscription must find the event by itself.
  await doomed.rollback();
  await reader.until(1, 3_000);

  t.same(
    reader.delivered.map((event) => event.id),
    [kept.id],
    'the committed event arrives',
  );
  t.same(
    (await store.readAll({ after: logStart, limit: 10 })).map((event) => event.id),
    [kept.id],
    'and the rolled-back one never exists',
  );
});

t.test(
  'dozens of writers committing in random order: every event seen once, in cursor order',
  async (t) => {
    const { store, writer } = await openStore(t);
    const writers = 30;
    const rounds = 8;
    const reader = follow(store);
    t.teardown(reader.close);

    // A second reader that pages with readAll, as a restarted projector would from its checkpoint.
    const paged: StoredEvent[] = [];
    let pagingDone = false;
    const pager = (async () => {
      let cursor = logStart;
      while (!pagingDone) {
        const page = await store.readAll({ after: cursor, limit: 7 });
        paged.push(...page);
        if (page.length > 0) cursor = cursorOf(page.at(-1)!);
        else await sleep(5);
      }
    })();

    const committed = new Set<string>();
    let seq = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const connection = await writer();
        let revision = 0;
        for (let round = 0; round < rounds; round += 1) {
          await connection.begin();
          const count = 1 + Math.floor(Math.random() * 3);
          const ids: string[] = [];
          for (let i = 0; i < count; i += 1) {
            seq += 1;
            ids.push((await connection.insert(`log-${w}`, revision + i, seq)).id);
          }
          await sleep(Math.random() * 25);
          if (Math.random() < 0.15) {
            await connection.rollback();
          } else {
            await connection.commit();
            revision += count;
            for (const id of ids) committed.add(id);
          }
        }
      }),
    );

    await reader.until(committed.size);
    await sleep(600);
    pagingDone = true;
    await pager;
    const tail = await store.readAll({ after: cursorOf(paged.at(-1)!), limit: 1000 });
    paged.push(...tail);

    const seen = reader.delivered.map((event) => event.id);
    t.equal(new Set(seen).size, seen.length, 'the subscription saw no event twice');
    t.same(new Set(seen), committed, 'it saw exactly the committed events, none lost');
    t.equal(reader.outOfOrder, 0, 'each event came after the one before it, by cursor');
    t.same(
      paged.map((event) => event.id),
      seen,
      'a reader paging from its own checkpoints saw the same events in the same order',
    );
    t.ok(
      reader.delivered.some(
        (event, i) => i > 0 && event.position < reader.delivered[i - 1]!.position,
      ),
      'positions alone were out of commit order at least once, so the test exercised the race',
    );
  },
);
