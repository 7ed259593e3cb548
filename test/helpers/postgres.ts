import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';
import { PostgresEventStore } from '../../src/event-store/postgres.ts';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { migrate } from '../../src/postgres/migrations.ts';

/**
 * The PostgreSQL server the tests use: the machine's own, on loopback, with
 * trust authentication. Every test that needs a database gets one of its own,
 * created here and dropped afterwards, so test files running side by side, and
 * two test runs at once, never see each other's events, locks or notifications.
 */
export const serverUrl =
  process.env.LEARNING_LOG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Creates an empty database for one test and drops it when the test ends. Returns its URL. */
export async function freshDatabase(t: Test): Promise<string> {
  const { url, drop } = await createDatabase();
  t.teardown(drop);
  return url;
}

/** The real event store on a fresh database, closed and dropped when the test ends. */
export async function freshEventStore(t: Test) {
  const url = await freshDatabase(t);
  const db = new PostgresDatabase(url);
  await migrate(db);
  const store = new PostgresEventStore(db);
  t.teardown(async () => {
    await store.close();
    await db.close();
  });
  return { url, db, store };
}

/** An empty database of its own, and how to drop it. */
export async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `learning_log_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The master key every PostgreSQL test process serves with: instances of one
 * test must all hold the same one, as in production.
 */
export const testMasterKey = Buffer.from('learning-log test master key, 32', 'utf8');
export const masterKeyEnv = { LEARNING_LOG_MASTER_KEY: testMasterKey.toString('base64') };
