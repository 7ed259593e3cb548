import { PostgresReadStore } from '../../projections/engine/postgres-read-store.ts';
import { PostgresIdempotencyStore } from '../application/idempotency-postgres.ts';
import { PostgresPersonKeys } from '../personal-data/key-store-postgres.ts';
import { PostgresReadAudit } from '../read-audit/postgres.ts';
import { PostgresEventStore } from '../event-store/postgres.ts';
import { PostgresApiKeys } from '../http/auth/api-keys-postgres.ts';
import { PostgresDatabase, serverApplicationName } from '../postgres/database.ts';
import { Leadership } from '../postgres/leadership.ts';
import { latestVersion, lockKeys, lockSpace, migrate } from '../postgres/migrations.ts';
import { ReadModelWatcher } from '../postgres/read-model-watcher.ts';
import type { Storage } from './storage.ts';

interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export class SchemaTooNewError extends Error {
  constructor(readonly version: number) {
    super(
      `the database schema is at version ${version}, newer than this release knows (${latestVersion})`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * PostgreSQL: one database shared by any number of instances. Every instance
 * writes and reads; one at a time, chosen by an advisory lock, applies events
 * to the read models, and the others follow its checkpoints.
 */
export async function openPostgresStorage(
  url: string,
  log: Logger,
  options: {
    poolSize?: number;
    leadershipIntervalMs?: number;
    admin?: boolean;
    /** False to open only a database that already holds the schema, changing nothing: a copy's source. */
    migrate?: boolean;
  } = {},
): Promise<Storage> {
  const db = new PostgresDatabase(url, {
    poolSize: options.poolSize,
    log,
    applicationName: options.admin === true ? adminApplicationName : serverApplicationName,
  });
  try {
    if (options.migrate === false) await requireSchema(db);
    else await migrate(db);
    await refuseNewerSchema(db);
  } catch (error) {
    await db.close();
    throw error;
  }

  const store = new PostgresEventStore(db);
  const readStore = new PostgresReadStore(db);

  return {
    kind: 'postgres',
    store,
    readStore,
    apiKeys: new PostgresApiKeys(db),
    idempotency: new PostgresIdempotencyStore(db),
    readAudit: new PostgresReadAudit(db),
    personKeys: new PostgresPersonKeys(db),
    snapshot: (read) => db.snapshot(read),
    writable: async () => null,
    async keepReadModels(projector, project) {
      const watcher = new ReadModelWatcher(db, readStore, projector.names);
      await watcher.start();

      const leadership = new Leadership(
        db,
        log,
        { onGain: () => projector.start(), onLose: () => projector.stop() },
        { intervalMs: options.leadershipIntervalMs },
      );
      if (project) await leadership.start();

      return {
        wait: watcher,
        isProjecting: () => leadership.isLeader,
        anyoneProjecting: () => projectionLockHeld(db),
        async stop() {
          await leadership.stop();
          await watcher.stop();
        },
      };
    },
    async holdReadModels() {
      const leadership = new Leadership(db, log, { onGain: async () => {}, onLose: () => {} });
      if (!(await leadership.tryOnce())) return undefined;
      // API-only servers never take the lock, but they read and write: they must be stopped too.
      if (await serversConnected(db)) {
        await leadership.stop();
        return undefined;
      }
      return () => leadership.stop();
    },
    async close() {
      await store.close();
      await db.close();
    },
  };
}

/** Sessions of admin commands, which look for servers by the servers' own name. */
const adminApplicationName = 'learning-log-admin';

/** Whether any server (projecting or API-only) is connected to this database. */
async function serversConnected(db: PostgresDatabase): Promise<boolean> {
  const [row] = await db.query<{ connected: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1
     ) AS connected`,
    [serverApplicationName],
  );
  return row?.connected === true;
}

/** Whether some session, in any instance, holds the projection lock of this database. */
async function projectionLockHeld(db: PostgresDatabase): Promise<boolean> {
  const [row] = await db.query<{ held: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid::bigint = $1 AND objid::bigint = $2
     ) AS held`,
    [lockSpace, lockKeys.projections],
  );
  return row?.held === true;
}

export class NoSchemaError extends Error {
  constructor() {
    super('this database holds no learning-log schema');
    this.name = 'NoSchemaError';
  }
}

async function requireSchema(db: PostgresDatabase): Promise<void> {
  const [row] = await db.query<{ found: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS found",
  );
  if (row?.found !== true) throw new NoSchemaError();
}

async function refuseNewerSchema(db: PostgresDatabase): Promise<void> {
  const [row] = await db.query<{ version: number }>(
    'SELECT MAX(version) AS version FROM schema_migrations',
  );
  if (row !== undefined && row.version > latestVersion) throw new SchemaTooNewError(row.version);
}
