import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import t from 'tap';
import { StoreUnavailableError } from '../../src/event-store/errors.ts';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { buildTestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/postgres.ts';

/** Ends every session of the service on its database, as a failover or an operator would. */
async function dropSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows.length;
  } finally {
    await client.end();
  }
}

t.test(
  'a connection dropped in the middle of a transaction fails that transaction only',
  async (t) => {
    const url = await freshDatabase(t);
    const db = new PostgresDatabase(url);
    t.teardown(() => db.close());

    const interrupted = db.transaction(async () => {
      await db.query('SELECT 1');
      await dropSessions(url);
      await sleep(300);
      await db.query('SELECT 2');
    });

    await t.rejects(
      interrupted,
      StoreUnavailableError,
      'the transaction fails as "store unavailable"',
    );
    await sleep(300);
    t.same(
      await db.query('SELECT 3 AS n'),
      [{ n: 3 }],
      'the process lives on and the pool reconnects',
    );
  },
);

t.test(
  'sessions dropped again and again under writes: the service lives and recovers',
  async (t) => {
    const previous = process.env.LEARNING_LOG_TEST_STORE;
    process.env.LEARNING_LOG_TEST_STORE = 'postgres';
    t.teardown(() => {
      process.env.LEARNING_LOG_TEST_STORE = previous;
    });
    const app = await buildTestApp(t);
    const url = app.databaseUrl!;

    const statuses: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const answer = await app.request({
          method: 'POST',
          url: '/people',
          payload: { kind: 'employee', displayName: `Steady Example ${i}` },
        });
        statuses.push(answer.statusCode);
      }
    })();
    for (let round = 0; round < 5; round += 1) {
      await sleep(150);
      await dropSessions(url);
    }
    writing = false;
    await writer;

    t.ok(
      statuses.every((status) => status === 201 || status === 503),
      'only 201 or 503',
    );
    let after = 0;
    for (let tries = 0; after !== 201 && tries < 50; tries += 1) {
      after = (
        await app.request({
          method: 'POST',
          url: '/people',
          payload: { kind: 'employee', displayName: 'After Example' },
        })
      ).statusCode;
      if (after !== 201) await sleep(200);
    }
    t.equal(after, 201, 'and writes succeed again by themselves');
  },
);
