import t, { type Test } from 'tap';
import { openSqliteDatabase } from '../../src/event-store/sqlite.ts';
import type { ApiKeyStore } from '../../src/http/auth/api-keys.ts';
import { SqliteApiKeys } from '../../src/http/auth/api-keys-sqlite.ts';
import { PostgresApiKeys } from '../../src/http/auth/api-keys-postgres.ts';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { migrate } from '../../src/postgres/migrations.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { ORG, TOBIAS } from '../projections/events.ts';

const now = new Date('2025-03-10T08:00:00.000Z');

type Row = Record<string, unknown>;
interface Keys {
  apiKeys: ApiKeyStore;
  /** The api_keys table as stored, to look for what must not be there. */
  rows(): Promise<Row[]>;
}

const stores: Record<string, (t: Test) => Promise<Keys>> = {
  sqlite: async (t) => {
    const db = openSqliteDatabase(':memory:');
    t.teardown(() => db.close());
    return {
      apiKeys: new SqliteApiKeys(db),
      rows: async () => db.prepare('SELECT * FROM api_keys').all() as Row[],
    };
  },
  postgres: async (t) => {
    const url = await freshDatabase(t);
    const db = new PostgresDatabase(url);
    t.teardown(() => db.close());
    await migrate(db);
    return {
      apiKeys: new PostgresApiKeys(db),
      rows: async () =>
        (await db.query<Row>('SELECT *, created_at::text AS created_at FROM api_keys')).map(
          (row) => ({ ...row, created_at: new Date(String(row.created_at)).toISOString() }),
        ),
    };
  },
};

for (const [kind, keys] of Object.entries(stores)) {
  t.test(`API keys on ${kind}`, async (t) => suite(t, keys));
}

function suite(t: Test, keys: (t: Test) => Promise<Keys>): void {
  t.test('a key is stored as a hash beside its prefix, never as the token', async (t) => {
    const { apiKeys, rows: storedRows } = await keys(t);

    const { token, prefix } = await apiKeys.create(
      {
        role: 'author',
        tenant: ORG,
        actorId: TOBIAS,
        actorKind: 'employee',
        label: 'Tobias on the rota tablet',
      },
      now,
    );
    const rows = await storedRows();
    const stored = JSON.stringify(rows);

    t.match(token, new RegExp(`^ll_${prefix}_[0-9a-f]{48}$`), 'the token is ll_<prefix>_<secret>');
    t.equal(rows.length, 1, 'one key stored');
    t.notOk(stored.includes(token), 'the token is nowhere in the table');
    t.notOk(stored.includes(token.split('_').at(-1)!), 'nor its secret part');
    t.match(
      rows[0],
      {
        prefix,
        hash: /^[0-9a-f]{64}$/,
        role: 'author',
        tenant: ORG,
        created_at: now.toISOString(),
      },
      'prefix, a SHA-256 hash and who it speaks for',
    );
    t.equal(await apiKeys.count(), 1, 'counted');
  });

  t.test('a presented key stands for its actor in its organisation', async (t) => {
    const { apiKeys } = await keys(t);
    const employeeKey = await apiKeys.create(
      { role: 'author', tenant: ORG, actorId: TOBIAS, actorKind: 'employee', label: 'Tobias' },
      now,
    );
    const systemKey = await apiKeys.create(
      {
        role: 'auditor',
        tenant: ORG,
        actorId: 'system:quality-review',
        actorKind: 'system',
        label: 'Quality lead',
      },
      now,
    );

    t.strictSame(
      await apiKeys.verify(employeeKey.token, now),
      {
        actor: { id: TOBIAS, kind: 'employee', role: 'author', via: `key:${employeeKey.prefix}` },
        tenant: ORG,
      },
      'the employee, named by the key prefix',
    );
    t.equal(
      (await apiKeys.verify(systemKey.token, now))?.actor.role,
      'auditor',
      'the system key keeps its own role',
    );
    t.not(employeeKey.prefix, systemKey.prefix, 'each key has its own prefix');
  });

  t.test('an unknown or altered token stands for no one', async (t) => {
    const { apiKeys } = await keys(t);
    const { token, prefix } = await apiKeys.create(
      {
        role: 'admin',
        tenant: ORG,
        actorId: 'system:care-records',
        actorKind: 'system',
        label: 'Care records',
      },
      now,
    );

    t.equal(
      await apiKeys.verify('ll_000000000000_notarealsecretnotarealsecretnotar', now),
      undefined,
      'an invented token',
    );
    t.equal(await apiKeys.verify(`${token}x`, now), undefined, 'a token with one character more');
    t.equal(await apiKeys.verify(`ll_${prefix}_`, now), undefined, 'the prefix alone');
    t.equal(await apiKeys.verify('', now), undefined, 'nothing at all');
  });

  t.test('the first key is created once, however many instances start at once', async (t) => {
    const { apiKeys } = await keys(t);
    const first = {
      role: 'admin',
      tenant: ORG,
      actorId: 'system:bootstrap-admin',
      actorKind: 'system',
      label: 'first admin key',
    } as const;

    const created = await Promise.all(
      Array.from({ length: 5 }, () => apiKeys.createFirst(first, now)),
    );

    t.equal(created.filter((key) => key !== undefined).length, 1, 'one of them creates it');
    t.equal(await apiKeys.count(), 1, 'one key is stored');
  });

  t.test('keys move to another store as hashes, and keep working there', async (t) => {
    const from = (await keys(t)).apiKeys;
    const to = (await keys(t)).apiKeys;
    const made = await from.create(
      { role: 'author', tenant: ORG, actorId: TOBIAS, actorKind: 'employee', label: 'Tobias' },
      now,
    );

    const records = await from.all();
    t.equal(await to.restore(records), 1, 'one key added');
    t.equal(await to.restore(records), 0, 'and not twice');
    t.strictSame(await to.all(), records, 'stored as it was, hash and all');
    t.strictSame(
      await to.verify(made.token, now),
      await from.verify(made.token, now),
      'the key stands for the same actor there',
    );
  });

  t.test('a key expires, can be revoked, and notes when it was last used', async (t) => {
    const { apiKeys } = await keys(t);
    const later = (ms: number) => new Date(now.getTime() + ms);
    const lasting = await apiKeys.create(
      { role: 'author', tenant: ORG, actorId: TOBIAS, actorKind: 'employee', label: 'Tablet' },
      now,
    );
    const shortLived = await apiKeys.create(
      {
        role: 'auditor',
        tenant: ORG,
        actorId: 'system:inspection',
        actorKind: 'system',
        label: 'Inspection week',
        expiresAt: '2025-03-10T10:00:00+01:00',
      },
      now,
    );
    await apiKeys.create(
      {
        role: 'admin',
        tenant: 'org-elsewhere',
        actorId: 'system:x',
        actorKind: 'system',
        label: 'X',
      },
      now,
    );

    t.ok(await apiKeys.verify(shortLived.token, later(30 * 60_000)), 'valid before it expires');
    t.equal(
      await apiKeys.verify(shortLived.token, later(60 * 60_000)),
      undefined,
      'refused at expiry',
    );
    t.ok(await apiKeys.verify(lasting.token, later(1_000)), 'a key without expiry keeps working');
    await apiKeys.verify(lasting.token, later(20_000));

    const listed = await apiKeys.list(ORG);
    t.same(
      listed.map((key) => key.label).sort(),
      ['Inspection week', 'Tablet'],
      "an organisation's list holds its own keys only",
    );
    const tablet = listed.find((key) => key.prefix === lasting.prefix)!;
    t.equal(tablet.lastUsedAt, later(1_000).toISOString(), 'last use noted, to within a minute');
    t.equal(
      listed.find((key) => key.prefix === shortLived.prefix)!.expiresAt,
      '2025-03-10T09:00:00.000Z',
      'expiry kept as an instant',
    );

    t.ok(await apiKeys.revoke(ORG, lasting.prefix, later(2 * 60_000)), 'revoked');
    t.equal(await apiKeys.verify(lasting.token, later(3 * 60_000)), undefined, 'then refused');
    t.notOk(
      await apiKeys.revoke('org-elsewhere', shortLived.prefix, now),
      'not from another organisation',
    );
    t.ok(await apiKeys.verify(shortLived.token, later(1_000)), 'which left the key alone');
    t.equal(
      (await apiKeys.list(ORG)).find((key) => key.prefix === lasting.prefix)!.revokedAt,
      later(2 * 60_000).toISOString(),
      'the list shows when it was revoked',
    );
  });
}

t.test('on a disk that takes no writes, a key still signs in: "last used" waits', async (t) => {
  const db = openSqliteDatabase(':memory:');
  t.teardown(() => db.close());
  const apiKeys = new SqliteApiKeys(db);
  const { token } = await apiKeys.create(
    { role: 'auditor', tenant: ORG, actorId: 'system:inspection', actorKind: 'system', label: 'x' },
    now,
  );
  // Every write now fails with SQLITE_READONLY, as on a read-only disk.
  db.pragma('query_only = ON');

  t.match(await apiKeys.verify(token, now), { actor: { role: 'auditor' } }, 'the key is good');
  t.same(
    (await apiKeys.list(ORG)).map((key) => key.lastUsedAt),
    [null],
    'and its use is not recorded',
  );
});
