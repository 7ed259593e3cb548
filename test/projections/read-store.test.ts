import t, { type Test } from 'tap';
import { CheckpointMovedError, type ReadStore } from '../../projections/engine/read-store.ts';
import { logStart, type LogCursor } from '../../src/event-store/log-cursor.ts';
import { storages } from '../helpers/storage.ts';

const at = (commit: number, position = commit): LogCursor => ({ commit, position });
const move = (from: LogCursor, to: LogCursor) => ({ from, to });

for (const [kind, open] of Object.entries(storages)) {
  t.test(`read store on ${kind}`, async (t) =>
    suite(t, kind, async (t) => (await open(t)).readStore),
  );
}

function suite(t: Test, kind: string, readStore: (t: Test) => Promise<ReadStore>): void {
  t.test('documents and checkpoint are committed together or not at all', async (t) => {
    const store = await readStore(t);
    await store.commit(
      'learning-logs',
      new Map([['log:a', { entryCount: 1 }]]),
      move(logStart, at(4)),
    );

    // JSON cannot hold a BigInt: the second write fails half-way through the batch.
    const broken = new Map<string, Record<string, unknown> | null>([
      ['log:a', { entryCount: 2 }],
      ['log:b', { entryCount: 1n }],
    ]);
    await t.rejects(
      store.commit('learning-logs', broken, move(at(4), at(7))),
      TypeError,
      'the commit fails',
    );

    t.strictSame(
      await store.get('learning-logs', 'log:a'),
      { entryCount: 1 },
      'the first write of the batch was rolled back',
    );
    t.equal(await store.get('learning-logs', 'log:b'), undefined, 'the failing one is not there');
    t.same(await store.checkpoint('learning-logs'), at(4), 'the checkpoint did not move');
  });

  t.test(
    'a range gives the documents under a prefix in byte order, within its bounds',
    async (t) => {
      const store = await readStore(t);
      const lines = [
        'list:a:2',
        'list:a:10',
        'list:a:1',
        'list:a:B',
        'list:a:b',
        'list:ab',
        'list:b:1',
      ];
      await store.commit(
        'learning-logs',
        new Map(lines.map((key) => [key, { key }])),
        move(logStart, at(1)),
      );
      const keysOf = async (bounds?: Parameters<ReadStore['range']>[2]) =>
        (await store.range('learning-logs', 'list:a:', bounds)).map(([key]) => key);

      t.strictSame(
        await keysOf(),
        ['list:a:1', 'list:a:10', 'list:a:2', 'list:a:B', 'list:a:b'],
        'only that prefix, ordered by bytes whatever the database collation',
      );
      t.strictSame(await keysOf({ limit: 2 }), ['list:a:1', 'list:a:10'], 'at most the limit');
      t.strictSame(
        await keysOf({ from: 'list:a:10', below: 'list:a:B' }),
        ['list:a:10', 'list:a:2'],
        'from inclusive, below exclusive',
      );
      t.strictSame(
        await keysOf({ after: 'list:a:10' }),
        ['list:a:2', 'list:a:B', 'list:a:b'],
        'after is exclusive',
      );
      t.strictSame(
        await keysOf({ from: 'list:' }),
        await keysOf(),
        'a bound outside the prefix is held to it',
      );
      t.strictSame(
        await store.range('directory', 'list:a:'),
        [],
        "another projection's documents are not in it",
      );
    },
  );

  t.test('a commit from a checkpoint that has moved stores nothing', async (t) => {
    const store = await readStore(t);
    await store.commit('directory', new Map([['person:a', { n: 1 }]]), move(logStart, at(3)));

    await t.rejects(
      store.commit('directory', new Map([['person:a', { n: 2 }]]), move(logStart, at(5))),
      CheckpointMovedError,
      'a second projector starting from the beginning is refused',
    );
    await t.rejects(
      store.commit('directory', new Map([['person:b', { n: 1 }]]), move(at(2), at(5))),
      CheckpointMovedError,
      'so is one that read an older checkpoint',
    );
    t.strictSame(await store.get('directory', 'person:a'), { n: 1 }, 'the first write stands');
    t.equal(await store.get('directory', 'person:b'), undefined, 'the refused one is not there');
    t.same(await store.checkpoint('directory'), at(3), 'the checkpoint is where the first left it');

    await store.commit('directory', new Map([['person:b', { n: 1 }]]), move(at(3), at(5)));
    t.same(await store.checkpoint('directory'), at(5), 'from the stored checkpoint it moves on');
  });

  t.test('a dump lists one projection by key, byte order, as stored', async (t) => {
    const store = await readStore(t);
    const written = new Map([
      ['team:c', { n: 3 }],
      ['team:b', { n: 2 }],
      ['person:a', { n: 1 }],
      ['Person:Z', { n: 0 }],
    ]);
    await store.commit('directory', written, move(logStart, at(3)));
    await store.commit('documents', new Map([['document:x', { v: 1 }]]), move(logStart, at(3)));
    await store.commit('directory', new Map([['team:b', null]]), move(at(3), at(4)));

    t.strictSame(
      await store.dump('directory'),
      [
        ['Person:Z', '{"n":0}'],
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
    t.same(await store.checkpoint('directory'), at(4), 'the checkpoint moved with the delete');
  });

  t.test(
    'checkpoints keep commit and position apart',
    { skip: kind === 'sqlite' ? 'on SQLite a commit always equals its position' : false },
    async (t) => {
      const store = await readStore(t);
      await store.commit('directory', new Map(), move(logStart, at(907, 12)));

      t.same(await store.checkpoint('directory'), at(907, 12), 'both parts come back');
      t.same(
        (await store.progress()).checkpoints.get('directory'),
        at(907, 12),
        'also in progress',
      );
    },
  );

  t.test('a failure is kept for every process to see, until a reset', async (t) => {
    const store = await readStore(t);
    await store.commit('directory', new Map(), move(logStart, at(2)));
    const failure = {
      projection: 'directory',
      position: 3,
      eventType: 'TeamMemberJoined',
      message: 'no team',
    };

    await store.recordFailure(failure);

    t.strictSame(
      await store.progress(),
      { checkpoints: new Map([['directory', at(2)]]), failures: [failure] },
      'progress shows the checkpoint and the failure',
    );
    await store.reset('directory');
    t.strictSame(
      await store.progress(),
      { checkpoints: new Map(), failures: [] },
      'a reset forgets both',
    );
  });

  t.test('reset forgets one projection and its checkpoint, nothing else', async (t) => {
    const store = await readStore(t);
    await store.commit('directory', new Map([['person:a', { n: 1 }]]), move(logStart, at(3)));
    await store.commit('documents', new Map([['document:x', { v: 1 }]]), move(logStart, at(5)));

    await store.reset('directory');

    t.strictSame(await store.dump('directory'), [], 'no documents');
    t.same(await store.checkpoint('directory'), logStart, 'back to the start');
    t.same(await store.checkpoint('documents'), at(5), 'the other projection keeps its checkpoint');
    t.equal((await store.dump('documents')).length, 1, 'and its documents');
  });
}
