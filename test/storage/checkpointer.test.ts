import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t, { type Test } from 'tap';
import { openSqliteDatabase } from '../../src/event-store/sqlite.ts';
import { Checkpointer } from '../../src/storage/checkpointer.ts';
import { openSqliteStorage } from '../../src/storage/sqlite.ts';
import { eventually } from '../helpers/eventually.ts';

function tempFile(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-checkpoint-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'learning-log.db');
}

/** About 400 kB of rows: far fewer pages than SQLite's own checkpoint threshold of a thousand. */
function writeSomePages(db: ReturnType<typeof openSqliteDatabase>): void {
  db.exec('CREATE TABLE IF NOT EXISTS filler (body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 100; i++) insert.run('x'.repeat(4000));
  })();
}

t.test('the storage checkpoints from its own thread, and its connections never do', async (t) => {
  const file = tempFile(t);
  const storage = openSqliteStorage(file);
  t.teardown(() => storage.close());
  const db = openSqliteDatabase(file);
  t.teardown(() => db.close());
  const sizeBefore = statSync(file).size;

  writeSomePages(db);

  // Below the inline threshold, only the thread can have copied the pages into the file.
  t.ok(
    await eventually(() => statSync(file).size > sizeBefore + 300_000),
    'written pages reached the database file without any commit checkpointing',
  );
});

t.test("the storage's connections leave checkpoints to the thread", async (t) => {
  const file = tempFile(t);
  const connections = [openSqliteDatabase(file), openSqliteDatabase(file)];
  t.teardown(() => connections.forEach((c) => c.close()));

  const checkpointer = new Checkpointer(file, connections, () => {});
  t.teardown(() => checkpointer.stop());

  for (const connection of connections) {
    t.equal(connection.pragma('wal_autocheckpoint', { simple: true }), 0);
  }
});

t.test('a thread that cannot work is reported, and the connections checkpoint again', async (t) => {
  const file = tempFile(t);
  const connection = openSqliteDatabase(file);
  t.teardown(() => connection.close());
  const failures: string[] = [];

  const checkpointer = new Checkpointer(dirname(file), [connection], (code) => failures.push(code));
  t.ok(await eventually(() => failures.length > 0), 'the failure was reported');
  await checkpointer.stop();

  t.match(failures[0], /^SQLITE_CANTOPEN/, "by SQLite's code");
  t.equal(connection.pragma('wal_autocheckpoint', { simple: true }), 1000, 'inline again');
});

t.test(
  'stopping ends the thread and leaves checkpoints to it until the connections close',
  async (t) => {
    const file = tempFile(t);
    const db = openSqliteDatabase(file);
    t.teardown(() => db.close());
    const checkpointer = new Checkpointer(file, [db], () => {});

    await checkpointer.stop();

    t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'asked to stop: not inline');
  },
);
