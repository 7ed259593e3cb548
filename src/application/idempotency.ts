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
  | { readonly outcome: 'mismatch' };

/** How long a claim may stay unfinished before a retry may take it over (a crash mid-request). */
const abandonedAfterMs = 60_000;

const schema = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    claimed_at   TEXT NOT NULL,
    response     TEXT,
    PRIMARY KEY (scope, key)
  ) WITHOUT ROWID;
`;

interface Row {
  request_hash: string;
  claimed_at: string;
  response: string | null;
}

/**
 * Idempotency records. A key is scoped to the organisation and the API key
 * that sent it, so two clients never collide; the request hash tells a
 * faithful retry from a reuse of the key for something else.
 */
export class IdempotencyStore {
  readonly #claim: Database.Transaction<(scope: string, key: string, hash: string, now: Date) => Claim>;
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
    const select = db.prepare<[string, string], Row>(
      'SELECT request_hash, claimed_at, response FROM idempotency_keys WHERE scope = ? AND key = ?',
    );
    const upsert = db.prepare(
      `INSERT INTO idempotency_keys (scope, key, request_hash, claimed_at, response) VALUES (?, ?, ?, ?, NULL)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, claimed_at = excluded.claimed_at, response = NULL`,
    );

    this.#claim = db.transaction((scope: string, key: string, hash: string, now: Date): Claim => {
      const row = select.get(scope, key);
      if (row !== undefined) {
        if (row.request_hash !== hash) return { outcome: 'mismatch' };
        if (row.response !== null) return { outcome: 'replay', response: JSON.parse(row.response) as StoredResponse };
        const abandoned = now.getTime() - Date.parse(row.claimed_at) > abandonedAfterMs;
        if (!abandoned) return { outcome: 'in-progress' };
      }
      upsert.run(scope, key, hash, now.toISOString());
      return { outcome: 'claimed' };
    });
  }

  claim(scope: string, key: string, requestHash: string, now: Date): Claim {
    return this.#claim.immediate(scope, key, requestHash, now);
  }

  complete(scope: string, key: string, response: StoredResponse): void {
    this.#db
      .prepare('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?')
      .run(JSON.stringify(response), scope, key);
  }

  /** Lets the key be used again: the first attempt failed on our side and wrote nothing. */
  release(scope: string, key: string): void {
    this.#db.prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response IS NULL').run(scope, key);
  }

  /** Forgets records claimed before `before`; retries are expected within hours, not weeks. */
  purge(before: Date): number {
    return this.#db.prepare('DELETE FROM idempotency_keys WHERE claimed_at < ?').run(before.toISOString()).changes;
  }
}
