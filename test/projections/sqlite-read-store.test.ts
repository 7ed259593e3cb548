import Database from 'better-sqlite3';
import t from 'tap';
import { SqliteReadStore } from '../../projections/engine/sqlite-read-store.ts';

t.test(
  'a store made with documents in a WITHOUT ROWID table keeps them in a rowid table',
  async (t) => {
    const db = new Database(':memory:');
    t.teardown(() => db.close());
    db.exec(`
    CREATE TABLE read_models (
      projection TEXT NOT NULL,
      key        TEXT NOT NULL,
      doc        TEXT NOT NULL,
      PRIMARY KEY (projection, key)
    ) WITHOUT ROWID;
    INSERT INTO read_models VALUES ('learning-logs', 'log:b', '{"n":2}'), ('learning-logs', 'log:a', '{"n":1}');
  `);

    const store = new SqliteReadStore(db);

    const { sql } = db
      .prepare("SELECT sql FROM sqlite_schema WHERE name = 'read_models'")
      .get() as {
      sql: string;
    };
    t.notMatch(sql, /WITHOUT ROWID/i, 'the table is an ordinary one now');
    t.same(await store.get('learning-logs', 'log:a'), { n: 1 }, 'its documents came along');
    t.same(
      (await store.range('learning-logs', 'log:')).map(([key]) => key),
      ['log:a', 'log:b'],
      'in key order',
    );
    await store.commit('learning-logs', new Map([['log:a', { n: 3 }]]), {
      from: { commit: 0, position: 0 },
      to: { commit: 1, position: 1 },
    });
    t.same(await store.get('learning-logs', 'log:a'), { n: 3 }, 'and a write replaces one');
    t.equal(
      (db.prepare('SELECT count(*) AS n FROM read_models').get() as { n: number }).n,
      2,
      'rather than adding a second',
    );

    new SqliteReadStore(db);
    t.same(await store.get('learning-logs', 'log:b'), { n: 2 }, 'opening it again moves nothing');
  },
);
