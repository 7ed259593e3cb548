import { readModelsChannel } from '../../projections/engine/postgres-read-store.ts';
import type { ReadModelWait } from '../../projections/engine/projector.ts';
import type { ProjectionFailure, ReadStore } from '../../projections/engine/read-store.ts';
import { ProgressWaiters } from '../../projections/engine/waiters.ts';
import { earliest, logStart, type LogCursor } from '../event-store/log-cursor.ts';
import { ChannelListener } from './channel-listener.ts';
import type { PostgresDatabase } from './database.ts';

/** How often waiting requests look at the checkpoints without being woken. */
const pollIntervalMs = 200;

/**
 * Lets any instance wait for the read models, whichever instance keeps them:
 * it listens for the keeper's commits and reads the stored checkpoints, so a
 * client that writes through one instance and then reads through another sees
 * its write.
 */
export class ReadModelWatcher implements ReadModelWait {
  readonly #readStore: ReadStore;
  readonly #projections: readonly string[];
  readonly #waiters = new ProgressWaiters(() => ({
    reached: this.#reached,
    failure: this.#failure,
    stopped: this.#stopped,
  }));
  #reached: LogCursor = logStart;
  #failure: ProjectionFailure | null = null;
  readonly #listener: ChannelListener;
  #timer: NodeJS.Timeout | undefined;
  #refreshing = false;
  #again = false;
  #stopped = false;

  constructor(db: PostgresDatabase, readStore: ReadStore, projections: readonly string[]) {
    this.#readStore = readStore;
    this.#projections = projections;
    this.#listener = new ChannelListener(db, readModelsChannel, () => {
      if (this.#waiters.size > 0) void this.#refresh();
    });
  }

  async start(): Promise<void> {
    await this.#listener.start();
    this.#timer = setInterval(() => {
      if (this.#waiters.size > 0) void this.#refresh();
    }, pollIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#waiters.wakeAll();
    await this.#listener.close();
  }

  waitFor(cursor: LogCursor, timeoutMs: number): Promise<void> {
    const waiting = this.#waiters.waitFor(cursor, timeoutMs);
    // The keeper may have got there before this request began to wait.
    void this.#refresh();
    return waiting;
  }

  /**
   * One read of the checkpoints at a time. A call arriving meanwhile may
   * announce a commit that read began too early to see, so it asks for one more.
   */
  async #refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return;
    }
    this.#refreshing = true;
    do {
      this.#again = false;
      await this.#read();
    } while (this.#again && !this.#stopped);
    this.#refreshing = false;
  }

  async #read(): Promise<void> {
    try {
      const progress = await this.#readStore.progress();
      this.#reached = earliest(
        this.#projections.map((name) => progress.checkpoints.get(name) ?? logStart),
      );
      this.#failure = progress.failures[0] ?? null;
    } catch {
      // The database is away: waiters keep waiting until it answers or their time runs out.
      return;
    }
    this.#waiters.wakeAll();
  }
}
