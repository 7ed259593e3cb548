import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryOnce } from './pg-databases.ts';
import type { Logger } from 'pino';
import { newDataKey } from '../src/personal-data/cipher.ts';
import { openRuntime, type Runtime } from '../src/runtime.ts';

/** A runtime over a fresh store, and a way to count its stored reads from outside. */
export interface BenchStore {
  readonly runtime: Runtime;
  readonly description: string;
  /** The SQLite file, for experiments on it; undefined on PostgreSQL. */
  readonly databaseFile?: string;
  /** Rows in record_reads, counted on a connection of its own. */
  countReads(): Promise<number>;
  dispose(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgres';

/** On PostgreSQL, the database `databaseUrl` names, DATABASE_URL's by default. */
export function openBenchStore(
  kind: StoreKind,
  log: Logger,
  databaseUrl = process.env.DATABASE_URL,
): Promise<BenchStore> {
  return kind === 'sqlite' ? openSqlite(log) : openPostgres(log, databaseUrl);
}

/** A durable file in a temporary folder: `:memory:` would leave out the disk, the cost in question. */
async function openSqlite(log: Logger): Promise<BenchStore> {
  const dir = mkdtempSync(join(tmpdir(), 'll-bench-'));
  const databaseFile = join(dir, 'learning-log.db');
  const runtime = await openRuntime({ databaseFile, readModelWaitMs: 5000 }, log);

  return {
    runtime,
    databaseFile,
    description: `SQLite file in ${dir} (WAL, synchronous=FULL)`,
    async countReads() {
      const db = new Database(databaseFile, { readonly: true });
      try {
        return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM record_reads').get()!.n;
      } finally {
        db.close();
      }
    },
    async dispose() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A database made for the benchmark: it leaves a hundred thousand reads
 * behind, not something to do to a real one. Its sealed text is under a
 * master key made up for the run.
 */
async function openPostgres(log: Logger, databaseUrl: string | undefined): Promise<BenchStore> {
  const name = databaseUrl === undefined ? '' : new URL(databaseUrl).pathname.slice(1);
  if (!name.startsWith('ll_bench_')) {
    throw new Error('--store postgres needs DATABASE_URL naming a database called ll_bench_…');
  }
  const runtime = await openRuntime(
    {
      store: 'postgres',
      databaseUrl,
      databaseFile: ':memory:',
      readModelWaitMs: 5000,
      masterKey: newDataKey(),
    },
    log,
  );

  return {
    runtime,
    description: `PostgreSQL database ${name} (${new URL(databaseUrl!).host})`,
    async countReads() {
      const [row] = await queryOnce<{ n: string }>(
        databaseUrl!,
        'SELECT count(*) AS n FROM record_reads',
      );
      return Number(row!.n);
    },
    dispose: () => runtime.close(),
  };
}
