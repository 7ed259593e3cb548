import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { roles } from '../../src/event-store/port.ts';
import { registerPermissions } from '../../src/http/auth/authorise.ts';
import { permissions } from '../../src/http/auth/permissions.ts';
import { buildTestApp } from '../helpers/app.ts';
import { unknownId } from './fixtures.ts';

type Operations = Record<string, Record<string, { operationId: string }>>;

/** Path parameters that pass validation and name nothing, so a permitted call gets past the gate and no further. */
const placeholders: Record<string, string> = { version: '1', prefix: '000000000000' };

function urlOf(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => placeholders[name] ?? unknownId);
}

t.test('every operation, for every role: the permission table decides', async (t) => {
  const app = await buildTestApp(t);
  const document = (await app.request({ method: 'GET', url: '/openapi.json', key: null })).json();
  const keys = Object.fromEntries(
    await Promise.all(roles.map(async (role) => [role, await app.keyFor(role)] as const)),
  );

  const seen = new Set<string>();
  for (const [path, operations] of Object.entries(document.paths as Operations)) {
    if (path.startsWith('/health/')) continue;

    for (const [method, { operationId }] of Object.entries(operations)) {
      seen.add(operationId);
      const permitted = permissions[operationId];
      t.ok(permitted, `${operationId} has a row in the permission table`);

      for (const role of roles) {
        const before = await app.eventCount();
        const response = await app.request({
          method: method.toUpperCase() as 'GET',
          url: urlOf(path),
          key: keys[role]!,
          ...(method === 'get' || method === 'delete' ? {} : { payload: {} }),
        });
        const code = response.json().code as string | undefined;

        if (permitted?.includes(role)) {
          t.not(code, 'FORBIDDEN', `${operationId}: ${role} may call it`);
        } else {
          t.equal(code, 'FORBIDDEN', `${operationId}: ${role} may not`);
          t.equal(response.statusCode, 403, `${operationId}: ${role} is refused with 403`);
        }
        t.equal(await app.eventCount(), before, `${operationId} as ${role}: nothing written`);
      }
    }
  }

  t.same(
    Object.keys(permissions).filter((operationId) => !seen.has(operationId)),
    [],
    'the table has no row for an operation that does not exist',
  );
});

t.test('a route without a row in the table cannot be registered', async (t) => {
  const app = Fastify();
  registerPermissions(app);
  await t.rejects(async () => {
    app.get('/care-plans', async () => ({}));
    await app.ready();
  }, /getCarePlans has no row in the permission table/);
});

t.test('the README shows the same matrix the service enforces', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const [operationId, permitted] of Object.entries(permissions)) {
    const row = readme.split('\n').find((line) => line.includes(`\`${operationId}\``));
    if (row === undefined) {
      t.fail(`the README's role matrix has no row for ${operationId}`);
      continue;
    }
    const cells = row
      .split('|')
      .slice(3, 3 + roles.length)
      .map((cell) => cell.trim());
    const shown = roles.filter((_, i) => cells[i] === '✓');
    t.same(shown, [...permitted], `README row for ${operationId}`);
  }
});
