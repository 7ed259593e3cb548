import t, { type Test } from 'tap';
import type Database from 'better-sqlite3';
import { ApiKeys } from '../../src/http/auth/api-keys.ts';
import { openSqliteDatabase } from '../../src/event-store/sqlite.ts';
import { ORG, TOBIAS } from '../projections/events.ts';

const now = new Date('2025-03-10T08:00:00.000Z');

function keys(t: Test): { db: Database.Database; apiKeys: ApiKeys } {
  const db = openSqliteDatabase(':memory:');
  t.teardown(() => db.close());
  return { db, apiKeys: new ApiKeys(db) };
}

t.test('a key is stored as a hash beside its prefix, never as the token', async (t) => {
  const { db, apiKeys } = keys(t);

  const { token, prefix } = apiKeys.create(
    {
      role: 'author',
      tenant: ORG,
      actorId: TOBIAS,
      actorKind: 'employee',
      label: 'Tobias on the rota tablet',
    },
    now,
  );
  const rows = db.prepare('SELECT * FROM api_keys').all() as Array<Record<string, string>>;
  const stored = JSON.stringify(rows);

  t.match(token, new RegExp(`^ll_${prefix}_[0-9a-f]{48}$`), 'the token is ll_<prefix>_<secret>');
  t.equal(rows.length, 1, 'one key stored');
  t.notOk(stored.includes(token), 'the token is nowhere in the table');
  t.notOk(stored.includes(token.split('_').at(-1)!), 'nor its secret part');
  t.match(
    rows[0],
    { prefix, hash: /^[0-9a-f]{64}$/, role: 'author', tenant: ORG, created_at: now.toISOString() },
    'prefix, a SHA-256 hash and who it speaks for',
  );
  t.equal(apiKeys.count(), 1, 'counted');
});

t.test('a presented key stands for its actor in its organisation', async (t) => {
  const { apiKeys } = keys(t);
  const employeeKey = apiKeys.create(
    { role: 'author', tenant: ORG, actorId: TOBIAS, actorKind: 'employee', label: 'Tobias' },
    now,
  );
  const systemKey = apiKeys.create(
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
    apiKeys.verify(employeeKey.token),
    {
      actor: { id: TOBIAS, kind: 'employee', role: 'author', via: `key:${employeeKey.prefix}` },
      tenant: ORG,
    },
    'the employee, named by the key prefix',
  );
  t.equal(
    apiKeys.verify(systemKey.token)?.actor.role,
    'auditor',
    'the system key keeps its own role',
  );
  t.not(employeeKey.prefix, systemKey.prefix, 'each key has its own prefix');
});

t.test('an unknown or altered token stands for no one', async (t) => {
  const { apiKeys } = keys(t);
  const { token, prefix } = apiKeys.create(
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
    apiKeys.verify('ll_000000000000_notarealsecretnotarealsecretnotar'),
    undefined,
    'an invented token',
  );
  t.equal(apiKeys.verify(`${token}x`), undefined, 'a token with one character more');
  t.equal(apiKeys.verify(`ll_${prefix}_`), undefined, 'the prefix alone');
  t.equal(apiKeys.verify(''), undefined, 'nothing at all');
});
