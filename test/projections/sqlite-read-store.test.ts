import t, { type Test } from 'tap';
import { SqliteReadStore } from '../../projections/engine/sqlite-read-store.ts';
import { openSqliteDatabase } from '../../src/event-store/sqlite.ts';

function readStore(t: Test): SqliteReadStore {
  const db = openSqliteDatabase(':memory:');
  t.teardown(() => db.close());
  return new SqliteReadStore(db);
}

t.test('documents and checkpoint are committed together or not at all', async (t) => {
  const store = readStore(t);
  await store.commit('learning-logs', new Map([['log:a', { entryCount: 1 }]]), 4);

  // JSON cannot hold a BigInt: the second write fails half-way through the batch.
  const broken = new Map<string, Record<string, unknown> | null>([
    ['log:a', { entryCount: 2 }],
    ['log:b', { entryCount: 1n }],
  ]);
  await t.rejects(store.commit('learning-logs', broken, 7), TypeError, 'the commit fails');

  t.strictSame(
    await store.get('learning-logs', 'log:a'),
    { entryCount: 1 },
    'the first write of the batch was rolled back',
  );
  t.equal(await store.get('learning-logs', 'log:b'), undefined, 'the failing one is not there');
  t.equal(await store.checkpoint('learning-logs'), 4, 'the checkpoint did not move');
});

t.test('a dump lists one projection by key, as stored', async (t) => {
  const store = readStore(t);
  const written = new Map([
    ['team:c', { n: 3 }],
    ['team:b', { n: 2 }],
    ['person:a', { n: 1 }],
  ]);
  await store.commit('directory', written, 3);
  await store.commit('documents', new Map([['document:x', { v: 1 }]]), 3);
  await store.commit('directory', new Map([['team:b', null]]), 4);

  t.strictSame(
    await store.dump('directory'),
    [
      ['person:a', '{"n":1}'],
      ['team:c', '{"n":3}'],
    ],
    'in key order, the deleted one gone, no other projection in it',
  );
  t.strictSame(
    await store.getMany('directory', ['person:a', 'team:b']),
    new Map([['person:a', { n: 1 }]]),
    'getMany finds what is there',
  );
  t.equal(await store.checkpoint('directory'), 4, 'the checkpoint moved with the delete');
});

t.test('reset forgets one projection and its checkpoint, nothing else', async (t) => {
  const store = readStore(t);
  await store.commit('directory', new Map([['person:a', { n: 1 }]]), 3);
  await store.commit('documents', new Map([['document:x', { v: 1 }]]), 5);

  await store.reset('directory');

  t.strictSame(await store.dump('directory'), [], 'no documents');
  t.equal(await store.checkpoint('directory'), 0, 'back to position 0');
  t.equal(await store.checkpoint('documents'), 5, 'the other projection keeps its checkpoint');
  t.equal((await store.dump('documents')).length, 1, 'and its documents');
});
