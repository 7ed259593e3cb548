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
import { learningLogsProjection } from '../projections/learning-logs/projection.ts';
import { LearningLogQueries } from '../projections/learning-logs/queries.ts';
import { reviewsProjection } from '../projections/reviews/projection.ts';
import { ReviewQueries } from '../projections/reviews/queries.ts';
import { SubjectAccessQueries } from '../projections/subject-access/queries.ts';
import { CommandHandler } from './application/command-handler.ts';
import type { IdempotencyStore } from './application/idempotency.ts';
import type { ReadAuditStore } from './read-audit/port.ts';
import { ReadRecorder } from './read-audit/recorder.ts';
import { Keyring, WrongMasterKeyError } from './personal-data/keyring.ts';
import { existsSync, rmSync } from 'node:fs';
import { keyFileOf, masterKeyFor } from './personal-data/master-key.ts';
import { remembered } from './personal-data/remembered.ts';
import { PersonalData } from './personal-data/sealing.ts';
import type { Services } from './application/services.ts';
import { timeOrderedId } from './application/time-ordered-ids.ts';
import type { Config } from './config.ts';
import type { EventStore } from './event-store/port.ts';
import type { ApiKeyStore } from './http/auth/api-keys.ts';
import { openPostgresStorage } from './storage/postgres.ts';
import { openSqliteStorage } from './storage/sqlite.ts';
import type { ReadModelKeeping, Storage } from './storage/storage.ts';

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
  readonly subjectAccess: SubjectAccessQueries;
}

/** The service's parts, wired once per process (or per test). */
export interface Runtime {
  readonly store: EventStore;
  readonly readStore: ReadStore;
  readonly projector: Projector;
  readonly services: Services;
  readonly queries: Queries;
  readonly apiKeys: ApiKeyStore;
  readonly idempotency: IdempotencyStore;
  /** Seals personal text on the way in, opens it on the way out, and erases people. */
  readonly personal: PersonalData;
  /** Records every answered read of someone's records, in batches. */
  readonly reads: ReadRecorder;
  readonly readAudit: ReadAuditStore;
  readonly storage: Storage;
  /** How this process takes part in keeping the read models. */
  readonly readModels: ReadModelKeeping;
  /** Runs reads that must all see the store at one moment. */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens the configured store (the embedded SQLite file by default, or
 * PostgreSQL) and starts keeping the read models. With `project: false` the
 * process only follows them: admin commands leave that to a running server.
 */
export async function openRuntime(
  config: Pick<Config, 'databaseFile' | 'readModelWaitMs'> &
    Partial<Pick<Config, 'store' | 'databaseUrl' | 'poolSize' | 'masterKey'>>,
  log: Logger,
  options: { project?: boolean; admin?: boolean } = {},
): Promise<Runtime> {
  const storage =
    config.store === 'postgres'
      ? await openPostgresStorage(config.databaseUrl!, log, {
          poolSize: config.poolSize,
          admin: options.admin,
        })
      : openSqliteStorage(config.databaseFile);
  const keyFile = storage.kind === 'sqlite' ? keyFileOf(config.databaseFile) : undefined;
  const hadKeyFile = keyFile !== undefined && existsSync(keyFile);
  try {
    const masterKey = masterKeyFor({
      configured: config.masterKey,
      store: storage.kind,
      databaseFile: config.databaseFile,
    });
    return await assembleRuntime(storage, { ...config, masterKey }, log, options);
  } catch (error) {
    await storage.close();
    // A key file made just now for a store whose keys it cannot open (a copy, say) would only mislead.
    if (error instanceof WrongMasterKeyError && !hadKeyFile && keyFile !== undefined) {
      rmSync(keyFile, { force: true });
    }
    throw error;
  }
}

/** Wires queries, commands and projections onto a storage already open. */
export async function assembleRuntime(
  storage: Storage,
  config: Pick<Config, 'readModelWaitMs'> & { masterKey: Buffer },
  log: Logger,
  options: { project?: boolean } = {},
): Promise<Runtime> {
  const { store, readStore } = storage;
  const projector = new Projector(store, readStore, projections, log);

  const directory = new DirectoryQueries(readStore);
  const logs = new LearningLogQueries(readStore);
  const reviews = new ReviewQueries(readStore);
  const documents = new DocumentQueries(readStore);
  const acknowledgements = new AcknowledgementQueries(readStore, directory, documents);
  const auditTrail = new AuditTrailQueries(directory, logs, reviews, documents, acknowledgements);
  const subjectAccess = new SubjectAccessQueries(
    directory,
    logs,
    reviews,
    documents,
    acknowledgements,
  );

  const keyring = new Keyring(storage.personKeys, config.masterKey);
  await keyring.checkMasterKey();
  const personal = new PersonalData(keyring, {
    logSubject: remembered(async (tenant, logId) => (await logs.log(tenant, logId))?.subject),
    reviewLog: remembered(
      async (tenant, reviewId) => (await reviews.review(tenant, reviewId))?.logId,
    ),
  });

  const readModels = await storage.keepReadModels(projector, options.project ?? true);
  const commands = new CommandHandler(
    store,
    (cursor) => readModels.wait.waitFor(cursor, config.readModelWaitMs),
    timeOrderedId,
    personal,
  );
  const services: Services = { commands, newId: timeOrderedId, directory, logs, acknowledgements };

  return {
    store,
    readStore,
    projector,
    services,
    queries: { directory, logs, reviews, documents, acknowledgements, auditTrail, subjectAccess },
    apiKeys: storage.apiKeys,
    idempotency: storage.idempotency,
    reads: new ReadRecorder(storage.readAudit),
    personal,
    readAudit: storage.readAudit,
    storage,
    readModels,
    snapshot: (read) => storage.snapshot(read),
    async close() {
      await readModels.stop();
      await projector.stop();
      await storage.close();
    },
  };
}
