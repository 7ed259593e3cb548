import type Database from 'better-sqlite3';

/**
 * Makes `db.prepare` hand out one compiled statement per SQL text instead of
 * compiling it again on every call: compiling cost more than running the
 * query on the busiest paths (reading a stream, checking a key). The stores
 * write their SQL as fixed text, varying at most with a filter's shape, never
 * with the data, so the cache stays as small as the code.
 *
 * A shared statement must come back as it was lent: nothing here switches
 * one to `pluck`, `raw` or `expand`, or keeps one busy with `iterate`.
 */
export function cacheStatements(db: Database.Database): Database.Database {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, Database.Statement>();

  db.prepare = ((sql: string) => {
    let statement = compiled.get(sql);
    if (statement === undefined) {
      statement = compile(sql);
      compiled.set(sql, statement);
    }
    return statement;
  }) as Database.Database['prepare'];
  return db;
}
