import type { EventStore, StoredEvent, Subscription } from '../../src/event-store/port.ts';
import type { Doc, Projection } from './projection.ts';
import type { ReadStore } from './read-store.ts';

/** A projection that met an event it could not apply. It stops there and says so. */
export interface ProjectionFailure {
  readonly projection: string;
  readonly position: number;
  readonly eventType: string;
  readonly message: string;
}

export class ProjectionStalledError extends Error {
  readonly failure: ProjectionFailure;

  constructor(failure: ProjectionFailure) {
    super(`projection ${failure.projection} stopped at position ${failure.position}`);
    this.name = 'ProjectionStalledError';
    this.failure = failure;
  }
}

export class ProjectionTimeoutError extends Error {
  constructor(readonly position: number) {
    super(`read models did not reach position ${position} in time`);
    this.name = 'ProjectionTimeoutError';
  }
}

interface Logger {
  debug(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * Keeps every read model up to date with the event store: one subscription,
 * each batch applied per projection in one transaction with its checkpoint.
 */
export class Projector {
  readonly #store: EventStore;
  readonly #readStore: ReadStore;
  readonly #projections: readonly Projection[];
  readonly #log: Logger;
  readonly #checkpoints = new Map<string, number>();
  readonly #waiters = new Set<() => void>();
  #failure: ProjectionFailure | null = null;
  #subscription: Subscription | null = null;

  constructor(
    store: EventStore,
    readStore: ReadStore,
    projections: readonly Projection[],
    log: Logger,
  ) {
    this.#store = store;
    this.#readStore = readStore;
    this.#projections = projections;
    this.#log = log;
  }

  get failure(): ProjectionFailure | null {
    return this.#failure;
  }

  /** The position every read model has reached. */
  get position(): number {
    return Math.min(...this.#projections.map((p) => this.#checkpoints.get(p.name) ?? 0));
  }

  async start(): Promise<void> {
    for (const projection of this.#projections) {
      this.#checkpoints.set(projection.name, await this.#readStore.checkpoint(projection.name));
    }
    this.#subscription = this.#store.subscribe(this.position, (events) => this.#applyBatch(events));
  }

  stop(): void {
    this.#subscription?.close();
    this.#subscription = null;
    for (const wake of this.#waiters) wake();
  }

  /** Forgets every read model and builds them again from position 0. */
  async rebuild(): Promise<void> {
    this.stop();
    this.#failure = null;
    for (const projection of this.#projections) await this.#readStore.reset(projection.name);
    await this.start();
    await this.waitFor(await this.#store.headPosition(), 10 * 60_000);
  }

  /** Resolves once every read model has applied the event at `position`. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new ProjectionTimeoutError(position)), timeoutMs);

      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        if (error === undefined) resolve();
        else reject(error);
      };

      const check = (): void => {
        if (this.position >= position) finish();
        else if (this.#failure !== null) finish(new ProjectionStalledError(this.#failure));
      };

      this.#waiters.add(check);
      check();
    });
  }

  async #applyBatch(events: StoredEvent[]): Promise<void> {
    if (this.#failure !== null) return;

    for (const projection of this.#projections) {
      const from = this.#checkpoints.get(projection.name) ?? 0;
      const pending = events.filter((event) => event.position > from);
      if (pending.length === 0) continue;

      let applied: boolean;
      try {
        applied = await this.#applyTo(projection, pending);
      } catch (error) {
        // Storing failed (disk full, database busy): nothing of this batch moved; it comes again.
        this.#log.error({ projection: projection.name, err: error }, 'read model not stored');
        throw error;
      }
      if (!applied) break;

      this.#checkpoints.set(projection.name, pending[pending.length - 1]!.position);
    }

    this.#log.debug(
      { position: events[events.length - 1]?.position, count: events.length },
      'projections advanced',
    );
    for (const wake of [...this.#waiters]) wake();
  }

  async #applyTo(projection: Projection, events: readonly StoredEvent[]): Promise<boolean> {
    const working = new Map<string, Doc | undefined>();
    const writes = new Map<string, Doc | null>();
    let reached = this.#checkpoints.get(projection.name) ?? 0;

    for (const event of events) {
      try {
        const keys = projection.keysOf(event);
        const missing = keys.filter((key) => !working.has(key));
        const loaded = await this.#readStore.getMany(projection.name, missing);
        for (const key of missing) working.set(key, loaded.get(key));

        const changed = projection.apply(
          event,
          new Map(keys.map((key) => [key, working.get(key)])),
        );
        for (const [key, doc] of changed) {
          working.set(key, doc ?? undefined);
          writes.set(key, doc);
        }
      } catch (error) {
        // Keep what the events before this one produced, then stop here.
        await this.#readStore.commit(projection.name, writes, reached);
        this.#checkpoints.set(projection.name, reached);
        this.#stall(projection, event, error);
        return false;
      }
      reached = event.position;
    }

    await this.#readStore.commit(projection.name, writes, reached);
    return true;
  }

  #stall(projection: Projection, event: StoredEvent, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#failure = {
      projection: projection.name,
      position: event.position,
      eventType: event.type,
      message,
    };
    // The message comes from projection code, not from event data, so it is safe to log.
    this.#log.error(
      { projection: projection.name, position: event.position, eventType: event.type },
      'projection stopped',
    );
  }
}
