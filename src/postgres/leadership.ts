import type pg from 'pg';
import type { PostgresDatabase } from './database.ts';
import { lockKeys, lockSpace } from './migrations.ts';

interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface LeadershipOptions {
  /** How often a follower tries for the lock, and the leader checks it still holds it. */
  readonly intervalMs?: number;
  /** How long a try or a check may go unanswered before the connection is given up. */
  readonly answerWithinMs?: number;
}

/**
 * Exactly one instance at a time keeps the read models up to date: the one
 * holding a session-level advisory lock on a connection of its own. When that
 * process dies, PostgreSQL ends its session and frees the lock, and the next
 * follower to try takes over. Correctness does not rest on this alone: every
 * read-model commit also checks the checkpoint it started from.
 */
export class Leadership {
  readonly #db: PostgresDatabase;
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #answerWithinMs: number;
  readonly #onGain: () => Promise<void>;
  readonly #onLose: () => void;
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #busy = false;

  constructor(
    db: PostgresDatabase,
    log: Logger,
    handlers: { onGain: () => Promise<void>; onLose: () => void },
    options: LeadershipOptions = {},
  ) {
    this.#db = db;
    this.#log = log;
    this.#onGain = handlers.onGain;
    this.#onLose = handlers.onLose;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#answerWithinMs = options.answerWithinMs ?? 5_000;
  }

  get isLeader(): boolean {
    return this.#client !== undefined;
  }

  /** Tries once straight away, then keeps trying (or checking) in the background. */
  async start(): Promise<void> {
    await this.#tick();
    this.#keepTicking();
  }

  /**
   * Takes the lock now or not at all, for admin commands that must be the
   * only projector; once taken, it is kept alive like a leader's.
   */
  async tryOnce(): Promise<boolean> {
    await this.#tick();
    if (this.isLeader) this.#keepTicking();
    return this.isLeader;
  }

  #keepTicking(): void {
    this.#timer = setInterval(() => void this.#tick(), this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#resign('stopping');
  }

  async #tick(): Promise<void> {
    if (this.#busy || this.#stopped) return;
    this.#busy = true;
    try {
      if (this.#client === undefined) await this.#tryToLead();
      // A partitioned network never answers: give up the lock rather than wait for it.
      else await within(this.#answerWithinMs, this.#client.query('SELECT 1'));
    } catch {
      // The connection broke: the server has freed the lock, so stop projecting at once.
      await this.#resign('connection lost');
    } finally {
      this.#busy = false;
    }
  }

  async #tryToLead(): Promise<void> {
    const client = await this.#db.dedicatedClient();
    try {
      const locked = await within(this.#answerWithinMs, this.#lock(client));
      if (!locked || this.#stopped) {
        await client.end();
        return;
      }
    } catch (error) {
      // The lock may have been granted without the answer arriving (a network that stopped
      // carrying): ending the session frees it, where a forgotten one would hold it for good.
      await within(this.#answerWithinMs, client.end()).catch(() => {});
      throw error;
    }

    client.on('error', () => void this.#resign('connection lost'));
    this.#client = client;
    this.#log.info({}, 'this instance now keeps the read models');
    await this.#onGain();
  }

  /** Takes the lock if it is free; whether it was. */
  async #lock(client: pg.Client): Promise<boolean> {
    // The server ends this session once the leader stops checking in: a frozen process, or one
    // whose network drops packets without closing the connection, then frees the lock too. Set
    // before the lock is taken, so that no moment exists when the lock is held without it.
    await client.query(`SET idle_session_timeout = '${idleSessionTimeoutS}s'`);
    const [row] = (
      await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
        lockSpace,
        lockKeys.projections,
      ])
    ).rows;
    return row?.locked === true;
  }

  async #resign(why: 'stopping' | 'connection lost'): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;

    this.#client = undefined;
    this.#onLose();
    if (why === 'stopping') this.#log.info({}, 'this instance hands the read models on');
    else this.#log.warn({}, 'this instance lost the read models: its database connection broke');
    // Ending the session frees the lock; over a broken network the end may never be confirmed.
    await within(this.#answerWithinMs, client.end()).catch(() => {});
  }
}

/** Well above the one-second check, so that only a leader that stopped checking in is ended. */
const idleSessionTimeoutS = 10;

/** The promise's outcome, or a rejection once `ms` have passed without one. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
