import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { StoreUnavailableError } from '../event-store/errors.ts';

interface Logger {
  warn(fields: object, message: string): void;
}

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

  constructor(connectionString: string, options: { poolSize?: number; log?: Logger } = {}) {
    this.connectionString = connectionString;
    this.#pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    });
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
    const client = new pg.Client({ connectionString: this.connectionString });
    try {
      await client.connect();
    } catch (error) {
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
      // A connection that could not even roll back is not handed to the next caller.
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
      ? error instanceof Error && /Connection terminated|not queryable|timeout/i.test(error.message)
      : /^(08|53|57P|ECONN|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE)/.test(code);
  return unavailable ? new StoreUnavailableError(error) : error;
}

export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
