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

/**
 * Idempotency records. A key is scoped to the organisation and the API key
 * that sent it, so two clients never collide; the request hash tells a
 * faithful retry from a reuse of the key for something else. Each claim
 * remembers the request that made it, whose id is the causation id of every
 * event that request appends. Claims are atomic in the shared database, so
 * the same key sent to two instances at once is run by one of them only.
 */
export interface IdempotencyStore {
  claim(
    scope: string,
    key: string,
    requestHash: string,
    requestId: string,
    now: Date,
  ): Promise<Claim>;

  /** Takes over an abandoned claim; false when another retry took it first. */
  takeOver(
    scope: string,
    key: string,
    abandonedRequestId: string,
    requestId: string,
    now: Date,
  ): Promise<boolean>;

  /**
   * Keeps the answer of the request that holds the claim. `requestId` names
   * that request: an attempt that comes back after a retry took its claim
   * over changes nothing.
   */
  complete(scope: string, key: string, requestId: string, response: StoredResponse): Promise<void>;

  /** Lets the key be used again: the attempt wrote nothing. Only its own claim, as above. */
  release(scope: string, key: string, requestId: string): Promise<void>;

  /** Forgets records claimed before `before`; retries are expected within hours, not weeks. */
  purge(before: Date): Promise<number>;
}

/** A claim as stored, whichever database holds it. */
export interface ClaimRecord {
  readonly requestHash: string;
  readonly requestId: string;
  readonly claimedAt: Date;
  /** The stored answer as JSON, null while the first attempt runs. */
  readonly response: string | null;
}

/** How long a claim may stay unfinished before it counts as abandoned by a crash. */
export const abandonedAfterMs = 60_000;

/** What a second request with a key already claimed gets. */
export function outcomeOfExisting(record: ClaimRecord, requestHash: string, now: Date): Claim {
  if (record.requestHash !== requestHash) return { outcome: 'mismatch' };
  if (record.response !== null) {
    return { outcome: 'replay', response: JSON.parse(record.response) as StoredResponse };
  }

  const abandoned = now.getTime() - record.claimedAt.getTime() > abandonedAfterMs;
  return abandoned
    ? { outcome: 'abandoned', requestId: record.requestId }
    : { outcome: 'in-progress' };
}
