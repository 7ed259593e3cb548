import pg from 'pg';

/** One query on a connection of its own, opened and closed around it. */
export async function queryOnce<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Databases made for one run on the shared server, all dropped again at its end. */
export interface BenchDatabases {
  /** Makes `ll_bench_<pid>_<n>_<purpose>` and returns its URL. */
  create(purpose: string): Promise<string>;
  drop(url: string): Promise<void>;
  dropAll(): Promise<void>;
}

/**
 * `serverUrl` names any database on the server to connect to for creating
 * and dropping (the machine's `test`); the benchmark's own are named
 * `ll_bench_…`, so none of anyone else's is ever touched.
 */
export function benchDatabases(serverUrl: string): BenchDatabases {
  const made = new Set<string>();
  let sequence = 0;
  const admin = (sql: string) => queryOnce(serverUrl, sql);
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.href;
  };
  const nameOf = (url: string) => new URL(url).pathname.slice(1);
  const drop = async (name: string) => {
    if (!/^ll_bench_\w+$/.test(name)) throw new Error(`not a benchmark database: ${name}`);
    // FORCE ends sessions a stopped service may have left behind.
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    made.delete(name);
  };

  return {
    async create(purpose) {
      // Numbered, so that two stores of one size (--events equal to --small-events) stay apart.
      const name = `ll_bench_${process.pid}_${++sequence}_${purpose}`;
      await drop(name);
      await admin(`CREATE DATABASE ${name}`);
      made.add(name);
      return urlOf(name);
    },
    drop: (url) => drop(nameOf(url)),
    async dropAll() {
      for (const name of [...made]) await drop(name);
    },
  };
}
