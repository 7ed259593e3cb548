import type pg from 'pg';
import type { PostgresDatabase } from './database.ts';

/** The first try again after a failure; each further failure doubles it up to the most. */
const firstRetryMs = 200;
const mostRetryMs = 2_000;

/**
 * One connection listening on a notification channel, opened again whenever
 * it breaks: soon, then less and less often while the database stays away. One attempt at a time, so a network that answers slowly cannot pile
 * up connections. Notifications only make things prompt: every user also
 * polls, so nothing is lost while no connection listens.
 */
export class ChannelListener {
  readonly #db: PostgresDatabase;
  readonly #channel: string;
  readonly #notify: () => void;
  #client: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;

  constructor(db: PostgresDatabase, channel: string, notify: () => void) {
    this.#db = db;
    this.#channel = channel;
    this.#notify = notify;
  }

  get listening(): boolean {
    return this.#client !== undefined;
  }

  /** Resolves after the first attempt, listening or not: a failed one is tried again later. */
  start(): Promise<void> {
    return this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    this.#retry = undefined;
    if (this.#closed) return;

    let client: pg.Client | undefined;
    try {
      client = await this.#db.dedicatedClient();
      const opened = client;
      opened.on('error', () => this.#lost(opened));
      opened.on('notification', () => this.#notify());
      await opened.query(`LISTEN ${this.#channel}`);
    } catch {
      await client?.end().catch(() => {});
      this.#tryAgain();
      return;
    }
    // Closed while connecting: the connection would otherwise stay open, listening for no one.
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }

    this.#client = client;
    this.#failures = 0;
    // Whatever was announced while no one listened went unheard.
    this.#notify();
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    void client.end().catch(() => {});
    this.#tryAgain();
  }

  #tryAgain(): void {
    if (this.#closed || this.#retry !== undefined) return;
    const delay = Math.min(mostRetryMs, firstRetryMs * 2 ** this.#failures);
    this.#failures += 1;
    this.#retry = setTimeout(() => void this.#connect(), delay);
    this.#retry.unref();
  }
}
