import pino from 'pino';
import t from 'tap';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { latestVersion, migrate } from '../../src/postgres/migrations.ts';
import { openPostgresStorage, SchemaTooNewError } from '../../src/storage/postgres.ts';
import { freshDatabase } from '../helpers/postgres.ts';

t.test('migrations run once, however often and from however many instances', async (t) => {
  const url = await freshDatabase(t);
  const instances = Array.from({ length: 4 }, () => new PostgresDatabase(url));
  t.teardown(() => Promise.all(instances.map((db) => db.close())));

  const applied = await Promise.all(instances.map((db) => migrate(db)));

  const versions = Array.from({ length: latestVersion }, (_, i) => i + 1);
  t.same(
    applied.filter((steps) => steps.length > 0),
    [versions],
    'four instances starting together: one applies every step, the others find none left',
  );
  t.same(await migrate(instances[0]!), [], 'running again applies nothing');
  const recorded = await instances[0]!.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  t.same(
    recorded.map((row) => row.version),
    versions,
    'each step is recorded once',
  );
});

t.test('a schema newer than this release is refused at start', async (t) => {
  const url = await freshDatabase(t);
  const db = new PostgresDatabase(url);
  t.teardown(() => db.close());
  await migrate(db);
  await db.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);

  await t.rejects(
    openPostgresStorage(url, pino({ level: 'silent' })),
    SchemaTooNewError,
    'the instance does not start on a schema it does not know',
  );
});

t.test('events cannot be changed or deleted in the database', async (t) => {
  const url = await freshDatabase(t);
  const storage = await openPostgresStorage(url, pino({ level: 'silent' }));
  t.teardown(() => storage.close());
  const db = new PostgresDatabase(url);
  t.teardown(() => db.close());
  await storage.store.append(
    'person-x',
    [
      {
        id: '4f1c2b3a-0000-4000-8000-000000000001',
        type: 'PersonRegistered',
        schemaVersion: 1,
        occurredAt: '2026-01-01T00:00:00.000Z',
        recordedAt: '2026-01-01T00:00:00.000Z',
        actor: { id: 'system:test', kind: 'system', role: 'admin', via: 'test' },
        tenant: 'default',
        correlationId: 'c',
        causationId: null,
        data: { displayName: 'Fixed Example' },
      },
    ],
    { expectedRevision: 'no-stream' },
  );

  await t.rejects(db.query(`UPDATE events SET type = 'Other'`), /immutable/, 'no update');
  await t.rejects(db.query('DELETE FROM events'), /immutable/, 'no delete');
});
