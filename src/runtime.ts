import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { acknowledgementsProjection } from '../projections/acknowledgements/projection.ts';
import { AcknowledgementQueries } from '../projections/acknowledgements/queries.ts';
import { AuditTrailQueries } from '../projections/audit-trail/queries.ts';
import { directoryProjection } from '../projections/directory/projection.ts';
import { DirectoryQueries } from '../projections/directory/queries.ts';
import { documentsProjection } from '../projections/documents/projection.ts';
import { DocumentQueries } from '../projections/documents/queries.ts';
import type { Projection } from '../projections/engine/projection.ts';
import type { ReadStore } from '../projections/engine/read-store.ts';
import { Projector } from '../projections/engine/projector.ts';
import { SqliteReadStore } from '../projections/engine/sqlite-read-store.ts';
import { learningLogsProjection } from '../projections/learning-logs/projection.ts';
import { LearningLogQueries } from '../projections/learning-logs/queries.ts';
import { reviewsProjection } from '../projections/reviews/projection.ts';
import { ReviewQueries } from '../projections/reviews/queries.ts';
import { CommandHandler } from './application/command-handler.ts';
import { IdempotencyStore } from './application/idempotency.ts';
import type { Services } from './application/services.ts';
import type { Config } from './config.ts';
import type { EventStore } from './event-store/port.ts';
import { openSqliteDatabase, SqliteEventStore } from './event-store/sqlite.ts';
import { ApiKeys } from './http/auth/api-keys.ts';

/** Every read model, in the order they are applied. */
export const projections: readonly Projection[] = [
  directoryProjection,
  learningLogsProjection,
  reviewsProjection,
  documentsProjection,
  acknowledgementsProjection,
] as readonly Projection[];

export interface Queries {
  readonly directory: DirectoryQueries;
  readonly logs: LearningLogQueries;
  readonly reviews: ReviewQueries;
  readonly documents: DocumentQueries;
  readonly acknowledgements: AcknowledgementQueries;
  readonly auditTrail: AuditTrailQueries;
}

/** The service's parts, wired once per process (or per test). */
export interface Runtime {
  readonly store: EventStore;
  readonly readStore: ReadStore;
  readonly projector: Projector;
  readonly services: Services;
  readonly queries: Queries;
  readonly apiKeys: ApiKeys;
  readonly idempotency: IdempotencyStore;
  /** Runs reads that must all see the store at one moment. */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens the embedded SQLite store (a file, or `:memory:`) and starts the projections. */
export async function openRuntime(
  config: Pick<Config, 'databaseFile' | 'readModelWaitMs'>,
  log: Logger,
  options: { project?: boolean } = {},
): Promise<Runtime> {
  const db = openSqliteDatabase(config.databaseFile);
  const store = new SqliteEventStore(db);
  const readStore = new SqliteReadStore(db);
  const projector = new Projector(store, readStore, projections, log);

  const directory = new DirectoryQueries(readStore);
  const logs = new LearningLogQueries(readStore);
  const reviews = new ReviewQueries(readStore);
  const documents = new DocumentQueries(readStore);
  const acknowledgements = new AcknowledgementQueries(readStore, directory, documents);
  const auditTrail = new AuditTrailQueries(directory, logs, reviews, documents, acknowledgements);

  const commands = new CommandHandler(
    store,
    (position) => projector.waitFor(position, config.readModelWaitMs),
    randomUUID,
  );
  const services: Services = { commands, newId: randomUUID, directory, logs, acknowledgements };

  // Admin commands beside a running server must leave the projections to it.
  if (options.project ?? true) await projector.start();

  return {
    store,
    readStore,
    projector,
    services,
    queries: { directory, logs, reviews, documents, acknowledgements, auditTrail },
    apiKeys: new ApiKeys(db),
    idempotency: new IdempotencyStore(db),
    async snapshot(read) {
      // One read transaction: every read inside sees the same moment, even while a server writes.
      db.exec('BEGIN');
      try {
        return await read();
      } finally {
        db.exec('COMMIT');
      }
    },
    async close() {
      projector.stop();
      await store.close();
      db.close();
    },
  };
}
