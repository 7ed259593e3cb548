import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

/** Why the identity provider's keys could not be had; logged, never sent. */
export type UnavailableReason = 'timeout' | 'unreachable' | 'bad-answer' | 'backing-off';

/**
 * The identity provider's key set could not be fetched. The token may well be
 * good, so the caller gets 503 rather than 401.
 */
export class IdentityProviderUnavailableError extends Error {
  constructor(readonly reason: UnavailableReason) {
    super('identity provider unavailable');
    this.name = 'IdentityProviderUnavailableError';
  }
}

export interface SigningKeyOptions {
  readonly timeoutMs: number;
  /** After a fetch, how long until an unknown key id may trigger the next one. */
  readonly cooldownMs: number;
}

/** Keys are fetched again after this long, so a key the provider withdraws stops working. */
const maxAgeMs = 10 * 60_000;
/** After a failed fetch, tokens that need one are refused at once for this long (or the cooldown). */
const backOffMs = 5_000;

/** jose's answers that are about the token (its key id or algorithm), not about the provider. */
const tokenFaults = [
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSENotSupported,
  errors.JWKInvalid,
];

/**
 * The provider's signing keys by key id. jose caches them, fetches them again
 * when they are older than ten minutes, and when a token names an unknown key
 * once the cooldown since the last fetch has passed (the provider has rotated
 * its keys). A failed fetch is a {@link IdentityProviderUnavailableError};
 * until a short back-off has passed, requests that would fetch again fail at
 * once instead of each waiting for a provider that is down.
 */
export function signingKeys(url: URL, options: SigningKeyOptions): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, {
    timeoutDuration: options.timeoutMs,
    cooldownDuration: options.cooldownMs,
    cacheMaxAge: maxAgeMs,
  });
  const backOff = Math.min(backOffMs, options.cooldownMs);
  let failedAt = Number.NEGATIVE_INFINITY;

  return async (header, token) => {
    if (!remote.fresh && Date.now() - failedAt < backOff) {
      throw new IdentityProviderUnavailableError('backing-off');
    }

    try {
      return await remote(header, token);
    } catch (error) {
      if (tokenFaults.some((fault) => error instanceof fault)) throw error;
      failedAt = Date.now();
      throw new IdentityProviderUnavailableError(reasonOf(error));
    }
  };
}

function reasonOf(error: unknown): UnavailableReason {
  if (error instanceof errors.JWKSTimeout) return 'timeout';
  // jose's own errors here mean an answer that was not a 200 with a key set.
  if (error instanceof errors.JOSEError) return 'bad-answer';
  return 'unreachable';
}
