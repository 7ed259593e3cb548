import type { Logger } from 'pino';
import { copyLog } from '../src/event-store/copy.ts';
import { openRuntime, type Runtime } from '../src/runtime.ts';
import { openPostgresStorage } from '../src/storage/postgres.ts';
import { openSqliteStorage } from '../src/storage/sqlite.ts';
import type { Manifest } from './generate.ts';
import type { BenchDatabases } from './pg-databases.ts';
import { bigStore } from './store-cache.ts';
import type { StoreKind } from './stores.ts';

/** A generated store on one kind of storage, to rebuild and to serve. */
export interface GeneratedStore {
  readonly manifest: Manifest;
  /** On PostgreSQL, how long copying the generated log in took. */
  readonly copyMs: number | undefined;
  /** Whether its read models are built: the cached file has them, a copy into PostgreSQL not. */
  readonly readModelsBuilt: boolean;
  /** A runtime that keeps no read models of its own: for rebuilding and making keys. */
  openRuntime(): Promise<Runtime>;
  /** The environment that points the service (src/main.ts) at this store. */
  readonly serviceEnv: Readonly<Record<string, string>>;
  dispose(): Promise<void>;
}

/**
 * A private copy of the cached store of about `events` events; on PostgreSQL,
 * its log copied into a new `ll_bench_` database with `copyLog`, as `cli copy`
 * does, and the people's data keys with it. The copy has no read models yet.
 */
export async function generatedStore(
  kind: StoreKind,
  events: number,
  log: Logger,
  options: { fresh: boolean; databases: BenchDatabases },
): Promise<GeneratedStore> {
  const file = await bigStore(events, log, { fresh: options.fresh });
  const { manifest, masterKey } = file;
  if (kind === 'sqlite') {
    return {
      manifest,
      copyMs: undefined,
      readModelsBuilt: true,
      openRuntime: () =>
        openRuntime({ databaseFile: file.databaseFile, readModelWaitMs: 5000 }, log, {
          project: false,
        }),
      serviceEnv: { LEARNING_LOG_STORE: 'sqlite', LEARNING_LOG_DATA_DIR: file.dir },
      dispose: async () => file.dispose(),
    };
  }

  const databaseUrl = await options.databases.create(`events_${events}`);
  const started = performance.now();
  try {
    const source = openSqliteStorage(file.databaseFile);
    const target = await openPostgresStorage(databaseUrl, log, { admin: true });
    try {
      await copyLog(source.store, target.store);
      await target.personKeys.restore(await source.personKeys.all());
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  } finally {
    file.dispose();
  }
  return {
    manifest,
    copyMs: performance.now() - started,
    readModelsBuilt: false,
    openRuntime: () =>
      openRuntime(
        {
          store: 'postgres',
          databaseUrl,
          databaseFile: ':memory:',
          readModelWaitMs: 5000,
          masterKey,
        },
        log,
        { project: false },
      ),
    serviceEnv: {
      LEARNING_LOG_STORE: 'postgres',
      DATABASE_URL: databaseUrl,
      LEARNING_LOG_MASTER_KEY: masterKey.toString('base64'),
    },
    dispose: () => options.databases.drop(databaseUrl),
  };
}
