import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { StoreUnavailableError } from '../event-store/errors.ts';

interface Logger {
  warn(fields: object, message: string): void;
}

export interface DatabaseOptions {
  readonly poolSize?: number;
  readonly log?: Logger;
  /**
   * Names this process's sessions in pg_stat_activity: `learning-log` for a
   * server, another name for admin commands, which look for servers by it.
   */
  readonly applicationName?: string;
}

/** The application name of server sessions. */
export const serverApplicationName = 'learning-log';

/**
 * Per-session settings. The server notices a client whose host vanished
 * within about 25 seconds instead of two hours, freeing its locks (the
 * projection lock among them); a transaction left open by a frozen client is
 * ended after a minute, since while it stays open every reader of the events
 * waits behind it.
 */
const sessionSettings = [
  'tcp_keepalives_idle=10',
  'tcp_keepalives_interval=5',
  'tcp_keepalives_count=3',
  'idle_in_transaction_session_timeout=60s',
]
  // Sent when the connection starts, so no query has to run (or be waited for) before the first.
  .map((setting) => `-c ${setting}`)
  .join(' ');

/** No single statement of the service takes this long; one that does meets a dead connection. */
const queryTimeoutMs = 60_000;

/**
 * One PostgreSQL database shared by the event store, the read models,
 * idempotency records and API keys. Queries run on a pool; inside
 * `transaction` or `snapshot`, every query of that call, however deep, runs on
 * the transaction's own connection.
 */
export class PostgresDatabase {
  readonly connectionString: string;
  readonly #pool: pg.Pool;
  readonly #current = new AsyncLocalStorage<pg.PoolClient>();
  readonly #clientConfig: pg.ClientConfig;

  constructor(connectionString: string, options: DatabaseOptions = {}) {
    this.connectionString = connectionString;
    this.#clientConfig = {
      connectionString,
      application_name: options.applicationName ?? serverApplicationName,
      connectionTimeoutMillis: 5_000,
      query_timeout: queryTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      options: sessionSettings,
    };
    this.#pool = new pg.Pool({ ...this.#clientConfig, max: options.poolSize ?? 10 });
    // An idle connection the server dropped (restart, failover) must not crash the process;
    // the pool replaces it on the next query.
    this.#pool.on('error', (error) =>
      options.log?.warn({ code: codeOf(error) }, 'idle database connection lost'),
    );
  }

  async query<R extends object = Record<string, unknown>>(
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    const client = this.#current.getStore();
    try {
      const result = await (client ?? this.#pool).query<R>(text, values);
      return result.rows;
    } catch (error) {
      throw translate(error);
    }
  }

  /** Whether the caller runs inside `transaction` or `snapshot`, whose connection it would share. */
  get inTransaction(): boolean {
    return this.#current.getStore() !== undefined;
  }

  /** Runs `work` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.#within('BEGIN', work);
  }

  /** Runs reads that must all see the database at one moment. */
  snapshot<T>(read: () => Promise<T>): Promise<T> {
    return this.#within('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', read);
  }

  /** A connection of its own, outside the pool: for LISTEN and for session-level locks. */
  async dedicatedClient(): Promise<pg.Client> {
    const client = new pg.Client(this.#clientConfig);
    // Until the caller listens for errors itself, a connection dropped now must not crash the process.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw translate(error);
    }
    return client;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #within<T>(begin: string, work: () => Promise<T>): Promise<T> {
    if (this.#current.getStore() !== undefined) return work();

    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw translate(error);
    }

    let broken = false;
    // A checked-out connection has no listener of the pool's: without this, the server dropping
    // it between two statements of the transaction would crash the process.
    const dropped = (): void => {
      broken = true;
    };
    client.on('error', dropped);
    try {
      await client.query(begin);
      const result = await this.#current.run(client, work);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw translate(error);
    } finally {
      // A connection that broke or could not even roll back is not handed to the next caller.
      client.off('error', dropped);
      client.release(broken);
    }
  }
}

/**
 * Errors that mean "the database is not reachable or not accepting work right
 * now": connection failures, shutdowns, too many connections. A request that
 * meets one wrote nothing and may be retried, so callers answer 503.
 */
function translate(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const code = codeOf(error);
  const unavailable =
    code === undefined
      ? error instanceof Error &&
        /Connection terminated|not queryable|timeout|Cannot use a pool after/i.test(error.message)
      : /^(08|53|57P|55000|ECONN|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE)/.test(code);
  return unavailable ? new StoreUnavailableError(error) : error;
}

export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
