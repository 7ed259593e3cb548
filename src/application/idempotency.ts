import type Database from 'better-sqlite3';

/** The answer first given to a request, replayed to its retries. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type Claim =
  | { readonly outcome: 'claimed' }
  | { readonly outcome: 'replay'; readonly response: StoredResponse }
  | { readonly outcome: 'in-progress' }
  | { readonly outcome: 'mismatch' }
  /** The first attempt never finished (the process died): the caller must see whether it wrote anything. */
  | { readonly outcome: 'abandoned'; readonly requestId: string };

/** How long a claim may stay unfinished before it counts as abandoned by a crash. */
const abandonedAfterMs = 60_000;

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

/**
 * Idempotency records. A key is scoped to the organisation and the API key
 * that sent it, so two clients never collide; the request hash tells a
 * faithful retry from a reuse of the key for something else. Each claim
 * remembers the request that made it, whose id is the causation id of every
 * event that request appends.
 */
export class IdempotencyStore {
  readonly #claim: Database.Transaction<
    (scope: string, key: string, hash: string, requestId: string, now: Date) => Claim
  >;
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

    this.#claim = db.transaction(
      (scope: string, key: string, hash: string, requestId: string, now: Date): Claim => {
        const row = select.get(scope, key);
        if (row === undefined) {
          insert.run(scope, key, hash, requestId, now.toISOString());
          return { outcome: 'claimed' };
        }

        if (row.request_hash !== hash) return { outcome: 'mismatch' };
        if (row.response !== null)
          return { outcome: 'replay', response: JSON.parse(row.response) as StoredResponse };
        const abandoned = now.getTime() - Date.parse(row.claimed_at) > abandonedAfterMs;
        return abandoned
          ? { outcome: 'abandoned', requestId: row.request_id }
          : { outcome: 'in-progress' };
      },
    );
  }

  claim(scope: string, key: string, requestHash: string, requestId: string, now: Date): Claim {
    return this.#claim.immediate(scope, key, requestHash, requestId, now);
  }

  /** Takes over an abandoned claim; false when another retry took it first. */
  takeOver(
    scope: string,
    key: string,
    abandonedRequestId: string,
    requestId: string,
    now: Date,
  ): boolean {
    const result = this.#db
      .prepare(
        `UPDATE idempotency_keys SET request_id = ?, claimed_at = ?
          WHERE scope = ? AND key = ? AND request_id = ? AND response IS NULL`,
      )
      .run(requestId, now.toISOString(), scope, key, abandonedRequestId);
    return result.changes === 1;
  }

  complete(scope: string, key: string, response: StoredResponse): void {
    this.#db
      .prepare('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?')
      .run(JSON.stringify(response), scope, key);
  }

  /** Lets the key be used again: the attempt wrote nothing. */
  release(scope: string, key: string): void {
    this.#db
      .prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response IS NULL')
      .run(scope, key);
  }

  /** Forgets records claimed before `before`; retries are expected within hours, not weeks. */
  purge(before: Date): number {
    return this.#db
      .prepare('DELETE FROM idempotency_keys WHERE claimed_at < ?')
      .run(before.toISOString()).changes;
  }
}
