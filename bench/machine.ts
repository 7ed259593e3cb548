import Database from 'better-sqlite3';
import { cpus, loadavg, totalmem } from 'node:os';
import { queryOnce } from './pg-databases.ts';

/** The machine in a few lines: figures from another machine are not comparable. */
export async function describeMachine(serverUrl: string | undefined): Promise<string[]> {
  const model = cpus()[0]?.model ?? 'unknown';
  const sqlite = new Database(':memory:');
  const sqliteVersion = sqlite.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()!.v;
  sqlite.close();
  return [
    `machine:  ${cpus().length} cpus, ${model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory`,
    `software: Node ${process.version}, SQLite ${sqliteVersion}${await postgresVersion(serverUrl)}`,
    `load:     ${loadAverage()}`,
  ];
}

/** The one-, five- and fifteen-minute load averages: above the cpus' count, others competed. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

async function postgresVersion(serverUrl: string | undefined): Promise<string> {
  if (serverUrl === undefined) return '';
  const [row] = await queryOnce<{ v: string }>(
    serverUrl,
    "SELECT current_setting('server_version') AS v",
  );
  return `, PostgreSQL ${row!.v}`;
}
