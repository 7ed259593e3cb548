import type { Projector, ReadModelWait } from '../../projections/engine/projector.ts';
import type { ReadStore } from '../../projections/engine/read-store.ts';
import type { IdempotencyStore } from '../application/idempotency.ts';
import type { EventStore } from '../event-store/port.ts';
import type { ApiKeyStore } from '../http/auth/api-keys.ts';
import type { PersonKeyStore } from '../personal-data/key-store.ts';
import type { ReadAuditStore } from '../read-audit/port.ts';

/** How this process takes part in keeping the read models. */
export interface ReadModelKeeping {
  /** How a write waits until the read models include it. */
  readonly wait: ReadModelWait;
  /** Whether this process is the one applying events to the read models right now. */
  isProjecting(): boolean;
  /** Whether any process is: without one, writes wait in vain and answer 503. */
  anyoneProjecting(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Everything the service keeps, in one database: the event store, the read
 * models, idempotency records, API keys and the read log. One implementation
 * per store.
 */
export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly store: EventStore;
  readonly readStore: ReadStore;
  readonly apiKeys: ApiKeyStore;
  readonly idempotency: IdempotencyStore;
  readonly readAudit: ReadAuditStore;
  /** Each person's data key, wrapped by the master key. */
  readonly personKeys: PersonKeyStore;
  /** Runs reads that must all see the store at one moment. */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
  /**
   * Whether the store takes a write now, found out by making a small one:
   * false while its disk is full or read-only. Null where the store does not
   * say (PostgreSQL refuses such writes itself, with its own error).
   */
  writable(): Promise<boolean | null>;
  /**
   * Starts keeping the read models up to date with `projector`, or only
   * following them when `project` is false (admin commands beside a server).
   */
  keepReadModels(projector: Projector, project: boolean): Promise<ReadModelKeeping>;
  /**
   * Makes this process the only one allowed to keep the read models, for an
   * admin command such as a rebuild; undefined when a server holds them now.
   * Returns the release.
   */
  holdReadModels(): Promise<(() => Promise<void>) | undefined>;
  close(): Promise<void>;
}
