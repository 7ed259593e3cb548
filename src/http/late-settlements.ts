import { abandonedAfterMs } from '../application/idempotency.ts';

/** The first try again; each failed try doubles the wait up to the most. */
const firstRetryMs = 250;
const mostRetryMs = 2_000;
/** Past this many, the oldest are left to the claim's own expiry: memory stays bounded in a long outage. */
const mostPending = 10_000;

/**
 * Idempotency claims whose request ended while the store was away, so that
 * its key could be neither freed nor given its answer. Settled in order once
 * the store answers again: the client was told 503 and to retry in a second,
 * and its retry should run (or replay), not hear "in progress" for a minute.
 * A claim still unsettled when it would count as abandoned anyway is given
 * up: from then on a retry looks in the events itself.
 */
export class LateSettlements {
  readonly #pending: Array<{ readonly settle: () => Promise<void>; readonly until: number }> = [];
  #timer: NodeJS.Timeout | undefined;
  #draining = false;
  #failures = 0;
  #stopped = false;

  get size(): number {
    return this.#pending.length;
  }

  add(settle: () => Promise<void>): void {
    if (this.#stopped) return;
    if (this.#pending.length >= mostPending) this.#pending.shift();
    this.#pending.push({ settle, until: Date.now() + abandonedAfterMs });
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#stopped || this.#draining || this.#timer !== undefined) return;
    const delay = Math.min(mostRetryMs, firstRetryMs * 2 ** this.#failures);
    this.#timer = setTimeout(() => void this.#drain(), delay);
    this.#timer.unref();
  }

  async #drain(): Promise<void> {
    this.#timer = undefined;
    this.#draining = true;
    try {
      while (this.#pending.length > 0 && !this.#stopped) {
        const next = this.#pending[0]!;
        if (Date.now() < next.until) await next.settle();
        this.#pending.shift();
        this.#failures = 0;
      }
    } catch {
      // Still away: the same claim comes first again, a little later.
      this.#failures += 1;
    } finally {
      this.#draining = false;
    }
    if (this.#pending.length > 0) this.#schedule();
  }
}
