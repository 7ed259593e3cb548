import { cursorOf, type LogCursor } from './log-cursor.ts';
import type { StoredEvent } from './port.ts';

/**
 * The delivery loop behind a subscription, whichever store reads the events:
 * each wake-up (an append, a notification, a poll) reads on from the last
 * event delivered, one batch at a time, the next only once the subscriber's
 * promise for the last has settled. When it rejects, nothing moves, and the
 * same batch comes again at the next wake-up.
 */
export class Drain {
  #seen: LogCursor;
  #closed = false;
  #running = false;
  #again = false;

  constructor(
    after: LogCursor,
    private readonly read: (after: LogCursor) => Promise<StoredEvent[]> | StoredEvent[],
    private readonly onEvents: (events: StoredEvent[]) => Promise<void>,
  ) {
    this.#seen = after;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
  }

  wake(): void {
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        for (;;) {
          if (this.#closed) return;
          const batch = await this.read(this.#seen);
          // Closed while the read was under way: a closed subscription delivers nothing more.
          if (this.#closed || batch.length === 0) break;
          await this.onEvents(batch);
          this.#seen = cursorOf(batch[batch.length - 1]!);
        }
      } while (this.#again && !this.#closed);
    } catch {
      // The store is away or the handler failed (a full disk, say): the batch comes again.
    } finally {
      this.#running = false;
    }
  }
}
