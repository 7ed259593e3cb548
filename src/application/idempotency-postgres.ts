import type { PostgresDatabase } from '../postgres/database.ts';
import {
  outcomeOfExisting,
  type Claim,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.ts';

interface Row {
  request_hash: string;
  request_id: string;
  claimed_at: Date;
  response: string | null;
}

/** Idempotency records in PostgreSQL, shared by every instance. */
export class PostgresIdempotencyStore implements IdempotencyStore {
  readonly #db: PostgresDatabase;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  async claim(
    scope: string,
    key: string,
    requestHash: string,
    requestId: string,
    now: Date,
  ): Promise<Claim> {
    // Of two instances inserting the same key at once, the unique key lets exactly one in.
    for (;;) {
      const inserted = await this.#db.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, request_id, claimed_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (scope, key) DO NOTHING
         RETURNING 1`,
        [scope, key, requestHash, requestId, now],
      );
      if (inserted.length === 1) return { outcome: 'claimed' };

      const [row] = await this.#db.query<Row>(
        `SELECT request_hash, request_id, claimed_at, response FROM idempotency_keys
          WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      // Released between the two statements: the key is free again, so claim it.
      if (row === undefined) continue;

      const record = {
        requestHash: row.request_hash,
        requestId: row.request_id,
        claimedAt: row.claimed_at,
        response: row.response,
      };
      return outcomeOfExisting(record, requestHash, now);
    }
  }

  async takeOver(
    scope: string,
    key: string,
    abandonedRequestId: string,
    requestId: string,
    now: Date,
  ): Promise<boolean> {
    const taken = await this.#db.query(
      `UPDATE idempotency_keys SET request_id = $1, claimed_at = $2
        WHERE scope = $3 AND key = $4 AND request_id = $5 AND response IS NULL
        RETURNING 1`,
      [requestId, now, scope, key, abandonedRequestId],
    );
    return taken.length === 1;
  }

  async complete(
    scope: string,
    key: string,
    requestId: string,
    response: StoredResponse,
  ): Promise<void> {
    await this.#db.query(
      `UPDATE idempotency_keys SET response = $1
        WHERE scope = $2 AND key = $3 AND request_id = $4`,
      [JSON.stringify(response), scope, key, requestId],
    );
  }

  async release(scope: string, key: string, requestId: string): Promise<void> {
    await this.#db.query(
      `DELETE FROM idempotency_keys
        WHERE scope = $1 AND key = $2 AND request_id = $3 AND response IS NULL`,
      [scope, key, requestId],
    );
  }

  async purge(before: Date): Promise<number> {
    const purged = await this.#db.query(
      'DELETE FROM idempotency_keys WHERE claimed_at < $1 RETURNING 1',
      [before],
    );
    return purged.length;
  }
}
