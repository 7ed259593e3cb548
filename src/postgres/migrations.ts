import type { PostgresDatabase } from './database.ts';

/**
 * The PostgreSQL schema, as numbered steps. A step, once released, never
 * changes: a later change is a new step. Each database records the steps it
 * has taken in `schema_migrations`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events, read models, idempotency records and API keys',
    sql: `
      CREATE TABLE events (
        position       bigserial PRIMARY KEY,
        -- The writing transaction: readers take events in (transaction_id, position)
        -- order and only below the oldest transaction still running, so one that
        -- commits late can never land behind a reader.
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        id             text NOT NULL UNIQUE,
        stream         text NOT NULL,
        revision       integer NOT NULL,
        type           text NOT NULL,
        schema_version integer NOT NULL,
        occurred_at    text NOT NULL,
        recorded_at    text NOT NULL,
        actor          json NOT NULL,
        tenant         text NOT NULL,
        correlation_id text NOT NULL,
        causation_id   text,
        data           json NOT NULL,
        UNIQUE (stream, revision)
      );
      CREATE INDEX events_in_commit_order ON events (transaction_id, position);
      CREATE INDEX events_by_causation ON events (causation_id);

      -- Every fact is immutable: corrections are new events.
      CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'events are immutable: % refused', TG_OP;
        END
      $$;
      CREATE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_are_immutable();

      -- Keys compare byte by byte, as on SQLite, so dumps of the two stores sort alike.
      CREATE TABLE read_models (
        projection text NOT NULL,
        key        text COLLATE "C" NOT NULL,
        doc        text NOT NULL,
        PRIMARY KEY (projection, key)
      );
      CREATE TABLE projection_checkpoints (
        projection text PRIMARY KEY,
        commit_id  bigint NOT NULL,
        position   bigint NOT NULL
      );
      CREATE TABLE projection_failures (
        projection text PRIMARY KEY,
        failure    json NOT NULL
      );

      CREATE TABLE idempotency_keys (
        scope        text NOT NULL,
        key          text NOT NULL,
        request_hash text NOT NULL,
        request_id   text NOT NULL,
        claimed_at   timestamptz NOT NULL,
        response     text,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (claimed_at);

      CREATE TABLE api_keys (
        prefix     text PRIMARY KEY,
        hash       text NOT NULL UNIQUE,
        role       text NOT NULL,
        tenant     text NOT NULL,
        actor_id   text NOT NULL,
        actor_kind text NOT NULL,
        label      text NOT NULL,
        created_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'API keys expire, are revoked, and note their last use',
    sql: `
      ALTER TABLE api_keys
        ADD COLUMN expires_at   timestamptz,
        ADD COLUMN revoked_at   timestamptz,
        ADD COLUMN last_used_at timestamptz;
      CREATE INDEX api_keys_by_tenant ON api_keys (tenant, created_at);
    `,
  },
  {
    version: 3,
    name: "an organisation's events in commit order, for its event feed",
    sql: `CREATE INDEX events_by_tenant ON events (tenant, transaction_id, position);`,
  },
  {
    version: 4,
    name: 'who read whose records, for auditors',
    sql: `
      CREATE TABLE record_reads (
        sequence     bigserial PRIMARY KEY,
        tenant       text NOT NULL,
        read_at      timestamptz NOT NULL,
        actor_id     text NOT NULL,
        actor_role   text NOT NULL,
        via          text NOT NULL,
        operation    text NOT NULL,
        path         text NOT NULL,
        subject_kind text,
        subject_id   text,
        request_id   text NOT NULL
      );
      CREATE INDEX record_reads_by_tenant ON record_reads (tenant, sequence);
      CREATE INDEX record_reads_by_subject ON record_reads (tenant, subject_id, sequence);
    `,
  },
  {
    version: 5,
    name: "each person's data key, wrapped by the master key, destroyed on erasure",
    sql: `
      CREATE TABLE person_keys (
        tenant      text NOT NULL,
        person_id   text NOT NULL,
        wrapped_key text,
        created_at  timestamptz NOT NULL,
        erased_at   timestamptz,
        PRIMARY KEY (tenant, person_id)
      );
    `,
  },
];

/** Advisory lock keys (two-int form) of this service: the first number names the service. */
export const lockSpace = 0x11_06;
export const lockKeys = { migrations: 1, projections: 2, firstKey: 3 } as const;

/**
 * Brings the schema up to date, every missing step in one transaction under
 * an advisory lock: safe to run twice, and from several instances starting at
 * once (the others wait, then find nothing left to do). Returns the versions
 * it applied.
 */
export async function migrate(db: PostgresDatabase): Promise<number[]> {
  return db.transaction(async () => {
    await db.query('SELECT pg_advisory_xact_lock($1, $2)', [lockSpace, lockKeys.migrations]);
    await db.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const applied = new Set(
      (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
        (row) => row.version,
      ),
    );

    const missing = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of missing) {
      await db.query(migration.sql);
      await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    return missing.map((migration) => migration.version);
  });
}

/** The newest step this build knows: a database ahead of it was migrated by a newer release. */
export const latestVersion = Math.max(...migrations.map((migration) => migration.version));
