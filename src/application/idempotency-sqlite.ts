import type Database from 'better-sqlite3';
import {
  outcomeOfExisting,
  type Claim,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    request_id   TEXT NOT NULL,
    claimed_at   TEXT NOT NULL,
    response     TEXT,
    PRIMARY KEY (scope, key)
  ) WITHOUT ROWID;
`;

interface Row {
  request_hash: string;
  request_id: string;
  claimed_at: string;
  response: string | null;
}

type ClaimFn = (scope: string, key: string, hash: string, requestId: string, now: Date) => Claim;

/** Idempotency records in the embedded SQLite file. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #claim: Database.Transaction<ClaimFn>;
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    // Records from before request ids were kept are only hours old by design: drop them.
    const columns = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('idempotency_keys')")
      .all();
    if (columns.length > 0 && !columns.some((column) => column.name === 'request_id'))
      db.exec('DROP TABLE idempotency_keys');
    db.exec(schema);

    const select = db.prepare<[string, string], Row>(
      'SELECT request_hash, request_id, claimed_at, response FROM idempotency_keys WHERE scope = ? AND key = ?',
    );
    const insert = db.prepare(
      `INSERT INTO idempotency_keys (scope, key, request_hash, request_id, claimed_at, response) VALUES (?, ?, ?, ?, ?, NULL)`,
    );

    this.#claim = db.transaction((scope, key, hash, requestId, now) => {
      const row = select.get(scope, key);
      if (row === undefined) {
        insert.run(scope, key, hash, requestId, now.toISOString());
        return { outcome: 'claimed' };
      }

      const record = {
        requestHash: row.request_hash,
        requestId: row.request_id,
        claimedAt: new Date(row.claimed_at),
        response: row.response,
      };
      return outcomeOfExisting(record, hash, now);
    });
  }

  async claim(
    scope: string,
    key: string,
    requestHash: string,
    requestId: string,
    now: Date,
  ): Promise<Claim> {
    return this.#claim.immediate(scope, key, requestHash, requestId, now);
  }

  async takeOver(
    scope: string,
    key: string,
    abandonedRequestId: string,
    requestId: string,
    now: Date,
  ): Promise<boolean> {
    const result = this.#db
      .prepare(
        `UPDATE idempotency_keys SET request_id = ?, claimed_at = ?
          WHERE scope = ? AND key = ? AND request_id = ? AND response IS NULL`,
      )
      .run(requestId, now.toISOString(), scope, key, abandonedRequestId);
    return result.changes === 1;
  }

  async complete(
    scope: string,
    key: string,
    requestId: string,
    response: StoredResponse,
  ): Promise<void> {
    this.#db
      .prepare(
        'UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ? AND request_id = ?',
      )
      .run(JSON.stringify(response), scope, key, requestId);
  }

  async release(scope: string, key: string, requestId: string): Promise<void> {
    this.#db
      .prepare(
        `DELETE FROM idempotency_keys
          WHERE scope = ? AND key = ? AND request_id = ? AND response IS NULL`,
      )
      .run(scope, key, requestId);
  }

  async purge(before: Date): Promise<number> {
    return this.#db
      .prepare('DELETE FROM idempotency_keys WHERE claimed_at < ?')
      .run(before.toISOString()).changes;
  }
}
