import { compareCursors, type LogCursor } from '../../src/event-store/log-cursor.ts';
import type { ProjectionFailure } from './read-store.ts';

export class ProjectionStalledError extends Error {
  readonly failure: ProjectionFailure;

  constructor(failure: ProjectionFailure) {
    super(`projection ${failure.projection} stopped at position ${failure.position}`);
    this.name = 'ProjectionStalledError';
    this.failure = failure;
  }
}

export class ProjectionTimeoutError extends Error {
  constructor(readonly cursor: LogCursor) {
    super(`read models did not reach position ${cursor.position} in time`);
    this.name = 'ProjectionTimeoutError';
  }
}

/** How far the read models are, as the one who waits on them knows it. */
export interface KnownProgress {
  readonly reached: LogCursor;
  readonly failure: ProjectionFailure | null;
  /** Nothing will move any more: waiting is given up. */
  readonly stopped: boolean;
}

/**
 * Requests waiting for the read models to include their writes. Each is
 * settled at the first wake-up that finds its cursor reached (or a stall, or
 * the end), or after its own time limit.
 */
export class ProgressWaiters {
  readonly #waiters = new Set<() => void>();

  constructor(private readonly progress: () => KnownProgress) {}

  get size(): number {
    return this.#waiters.size;
  }

  waitFor(cursor: LogCursor, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new ProjectionTimeoutError(cursor)), timeoutMs);

      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        if (error === undefined) resolve();
        else reject(error);
      };

      const check = (): void => {
        const { reached, failure, stopped } = this.progress();
        if (compareCursors(reached, cursor) >= 0) finish();
        else if (failure !== null) finish(new ProjectionStalledError(failure));
        else if (stopped) finish(new ProjectionTimeoutError(cursor));
      };

      this.#waiters.add(check);
      check();
    });
  }

  /** Lets every waiter look again. */
  wakeAll(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
