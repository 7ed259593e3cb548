import {
  compareCursors,
  cursorOf,
  earliest,
  isAfter,
  logStart,
  type LogCursor,
} from '../../src/event-store/log-cursor.ts';
import type { EventStore, StoredEvent, Subscription } from '../../src/event-store/port.ts';
import { versionKey, type Doc, type Projection } from './projection.ts';
import {
  CheckpointMovedError,
  type ProjectionCommit,
  type ProjectionFailure,
  type ReadStore,
} from './read-store.ts';

export type { ProjectionFailure } from './read-store.ts';
import { ProgressWaiters, ProjectionTimeoutError } from './waiters.ts';
export { ProjectionStalledError, ProjectionTimeoutError } from './waiters.ts';

interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** An event a projection's code could not handle. */
interface Poison {
  readonly projection: Projection;
  readonly event: StoredEvent;
  readonly error: unknown;
}

/** Waits until every read model includes a place in the log. */
export interface ReadModelWait {
  waitFor(cursor: LogCursor, timeoutMs: number): Promise<void>;
}

/**
 * Keeps every read model up to date with the event store: one subscription,
 * each batch applied to every projection and stored in one transaction with
 * their checkpoints.
 * Each commit names the checkpoint it started from, so should two projectors
 * ever run on one store, a batch is stored by one of them only; the other
 * reloads the checkpoints and carries on from there.
 */
export class Projector implements ReadModelWait {
  readonly #store: EventStore;
  readonly #readStore: ReadStore;
  readonly #projections: readonly Projection[];
  readonly #log: Logger;
  readonly #checkpoints = new Map<string, LogCursor>();
  // A projector's waiters wait on after it stops: it may start again (a rebuild, a new leader).
  readonly #waiters = new ProgressWaiters(() => ({
    reached: this.reached,
    failure: this.#failure,
    stopped: false,
  }));
  #failure: ProjectionFailure | null = null;
  /** Storing has failed since the last batch stored: said once, not at each retry. */
  #storeFailing = false;
  #subscription: Subscription | null = null;
  /** The batch being applied now, if any: stopping waits for it, so nothing is stored after. */
  #inFlight: Promise<void> = Promise.resolve();

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

  get names(): string[] {
    return this.#projections.map((projection) => projection.name);
  }

  get failure(): ProjectionFailure | null {
    return this.#failure;
  }

  /** The place in the log every read model has reached. */
  get reached(): LogCursor {
    return earliest(this.#projections.map((p) => this.#checkpointOf(p)));
  }

  async start(): Promise<void> {
    // A fresh start tries again where each projection stopped; a real poison event stops it again.
    this.#failure = null;
    for (const projection of this.#projections) {
      await this.#renewIfOutdated(projection);
      this.#checkpoints.set(projection.name, await this.#readStore.checkpoint(projection.name));
    }
    this.#subscription = this.#store.subscribe(this.reached, (events) => {
      const applying = this.#applyBatch(events);
      this.#inFlight = applying.catch(() => {});
      return applying;
    });
  }

  async stop(): Promise<void> {
    this.#subscription?.close();
    this.#subscription = null;
    this.#waiters.wakeAll();
    await this.#inFlight;
  }

  /**
   * Forgets every read model and builds them again from position 0, waiting
   * as long as they keep moving: given up only after `patienceMs` without any.
   */
  async rebuild(patienceMs = 60_000): Promise<void> {
    await this.stop();
    this.#failure = null;
    for (const projection of this.#projections) await this.#readStore.reset(projection.name);
    await this.start();

    // A million events take many minutes: waited for as long as the read models keep moving.
    const head = await this.#store.head();
    for (;;) {
      const before = this.reached;
      try {
        return await this.waitFor(head, patienceMs);
      } catch (error) {
        const moved = compareCursors(this.reached, before) > 0;
        if (!(error instanceof ProjectionTimeoutError) || !moved) throw error;
      }
    }
  }

  /**
   * Documents built by another version of a projection are forgotten, and the
   * projection starts again from the first event under its new version.
   */
  async #renewIfOutdated(projection: Projection): Promise<void> {
    const version = projection.version ?? 1;
    let checkpoint = await this.#readStore.checkpoint(projection.name);
    const marked = await this.#readStore.get<{ version: number }>(projection.name, versionKey);
    // Read models stored before versions were written down are all version 1.
    const stored = marked?.version ?? (compareCursors(checkpoint, logStart) === 0 ? null : 1);
    if (marked?.version === version) return;

    if (stored !== null && stored !== version) {
      this.#log.warn(
        { projection: projection.name, version },
        'read model rebuilt for a new version',
      );
      await this.#readStore.reset(projection.name);
      checkpoint = logStart;
    }
    await this.#readStore.commit(projection.name, new Map([[versionKey, { version }]]), {
      from: checkpoint,
      to: checkpoint,
    });
  }

  /** Resolves once every read model has applied the event at `cursor`. */
  waitFor(cursor: LogCursor, timeoutMs: number): Promise<void> {
    return this.#waiters.waitFor(cursor, timeoutMs);
  }

  /**
   * Applies a batch to every projection and stores all their documents and
   * checkpoints in one commit. A projection that meets a poison event keeps
   * what the events before it produced, and then stops every projection.
   */
  async #applyBatch(events: StoredEvent[]): Promise<void> {
    if (this.#failure !== null) return;

    const commits: ProjectionCommit[] = [];
    let poison: Poison | undefined;
    for (const projection of this.#projections) {
      const from = this.#checkpointOf(projection);
      const pending = events.filter((event) => isAfter(event, from));
      if (pending.length === 0) continue;

      const applied = await this.#applyTo(projection, pending);
      if (applied.writes.size > 0 || compareCursors(from, applied.to) !== 0) {
        commits.push({ projection: projection.name, from, ...applied });
      }
      poison = applied.poison;
      if (poison !== undefined) break;
    }

    try {
      if (commits.length > 0) await this.#readStore.commitAll(commits);
    } catch (error) {
      if (error instanceof CheckpointMovedError) return this.#resume(error.projection);
      // Storing failed (disk full, database busy): nothing of this batch moved; it comes again.
      // Said once, not at every retry while the disk stays full.
      if (!this.#storeFailing) this.#log.error({ err: error }, 'read models not stored');
      this.#storeFailing = true;
      throw error;
    }
    for (const commit of commits) this.#checkpoints.set(commit.projection, commit.to);
    if (poison !== undefined) await this.#stall(poison);
    if (this.#storeFailing) {
      this.#storeFailing = false;
      this.#log.info({ position: events[events.length - 1]?.position }, 'read models stored again');
    }

    this.#log.debug(
      { position: events[events.length - 1]?.position, count: events.length },
      'projections advanced',
    );
    this.#waiters.wakeAll();
  }

  /**
   * Another projector stored a batch first. Start again from the checkpoints as
   * stored, which already hold its work.
   */
  async #resume(projection: string): Promise<void> {
    this.#log.warn({ projection }, 'another projector moved the read models');
    if (this.#subscription === null) return;

    this.#subscription.close();
    this.#subscription = null;
    await this.start();
  }

  /**
   * Applies events to one projection in memory: the documents it changes, how
   * far it got, and the event it could not apply, if any.
   */
  async #applyTo(projection: Projection, events: readonly StoredEvent[]) {
    const working = new Map<string, Doc | undefined>();
    const writes = new Map<string, Doc | null>();
    let to = this.#checkpointOf(projection);

    // Only the projection's own code can make an event poison. The documents the batch needs are
    // read at once, in one query; if that read fails (the database away for a moment), it is a
    // storage failure, and the batch comes again.
    const keysOfEvents: string[][] = [];
    let poison: Poison | undefined;
    for (const event of events) {
      try {
        keysOfEvents.push(projection.keysOf(event));
      } catch (error) {
        poison = { projection, event, error };
        break;
      }
    }
    const wanted = [...new Set(keysOfEvents.flat())];
    const loaded = await this.#readStore.getMany(projection.name, wanted);
    for (const key of wanted) working.set(key, loaded.get(key));

    for (const [index, keys] of keysOfEvents.entries()) {
      const event = events[index]!;
      let changed: ReadonlyMap<string, Doc | null>;
      try {
        changed = projection.apply(event, new Map(keys.map((key) => [key, working.get(key)])));
      } catch (error) {
        return { writes, to, poison: { projection, event, error } };
      }
      for (const [key, doc] of changed) {
        working.set(key, doc ?? undefined);
        writes.set(key, doc);
      }
      to = cursorOf(event);
    }
    return { writes, to, poison };
  }

  #checkpointOf(projection: Projection): LogCursor {
    return this.#checkpoints.get(projection.name) ?? logStart;
  }

  async #stall({ projection, event, error }: Poison): Promise<void> {
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
    await this.#readStore.recordFailure(this.#failure);
  }
}
