import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem, expectStatus } from './fixtures.ts';

t.test('an admin lists, and revokes, the keys of the organisation', async (t) => {
  const app = await buildTestApp(t);
  const made = expectStatus(
    await app.request({
      method: 'POST',
      url: '/api-keys',
      payload: {
        role: 'auditor',
        actor: { kind: 'system', name: 'inspection' },
        label: 'Inspection week',
        expiresAt: '2099-01-01T00:00:00Z',
      },
    }),
    201,
    'create',
  );
  const used = await app.request({ method: 'GET', url: '/review-queue', key: made.key });
  t.equal(used.statusCode, 200, 'the new key works');

  const listed = expectStatus(await app.request({ method: 'GET', url: '/api-keys' }), 200, 'list');
  const inspection = listed.items.find((key: { prefix: string }) => key.prefix === made.prefix);
  t.match(
    inspection,
    {
      label: 'Inspection week',
      role: 'auditor',
      actorId: 'system:inspection',
      expiresAt: '2099-01-01T00:00:00.000Z',
      revokedAt: null,
      lastUsedAt: String,
    },
    'listed with its expiry and its last use',
  );
  t.notOk(JSON.stringify(listed).includes(made.key), 'the list never shows a key');
  t.notOk('hash' in inspection, 'nor its hash');

  const revoked = expectStatus(
    await app.request({ method: 'DELETE', url: `/api-keys/${made.prefix}` }),
    200,
    'revoke',
  );
  t.type(revoked.revokedAt, 'string', 'the answer says when it was revoked');
  assertProblem(
    t,
    await app.request({ method: 'GET', url: '/review-queue', key: made.key }),
    401,
    'UNAUTHENTICATED',
  );
  t.equal(
    (await app.request({ method: 'DELETE', url: `/api-keys/${made.prefix}` })).statusCode,
    200,
    'revoking again changes nothing and is no error',
  );
});

t.test(
  'only admins manage keys, only their organisation’s, and only into the future',
  async (t) => {
    const app = await buildTestApp(t);
    const author = await app.keyFor('author');
    const elsewhere = await app.keyFor('admin', { tenant: 'another-organisation' });
    const theirs = (await app.request({ method: 'GET', url: '/api-keys', key: elsewhere })).json()
      .items[0].prefix as string;

    assertProblem(
      t,
      await app.request({ method: 'GET', url: '/api-keys', key: author }),
      403,
      'FORBIDDEN',
    );
    assertProblem(
      t,
      await app.request({ method: 'DELETE', url: `/api-keys/${theirs}`, key: author }),
      403,
      'FORBIDDEN',
    );
    assertProblem(
      t,
      await app.request({ method: 'DELETE', url: `/api-keys/${theirs}` }),
      404,
      'API_KEY_NOT_FOUND',
    );
    assertProblem(
      t,
      await app.request({ method: 'DELETE', url: '/api-keys/000000000000' }),
      404,
      'API_KEY_NOT_FOUND',
    );
    assertProblem(
      t,
      await app.request({ method: 'DELETE', url: '/api-keys/not-a-prefix' }),
      400,
      'VALIDATION_FAILED',
      ['path.prefix'],
    );
    assertProblem(
      t,
      await app.request({
        method: 'POST',
        url: '/api-keys',
        payload: {
          role: 'author',
          actor: { kind: 'system', name: 'late' },
          label: 'Too late',
          expiresAt: '2020-01-01T00:00:00Z',
        },
      }),
      422,
      'EXPIRY_IN_THE_PAST',
      ['body.expiresAt'],
    );
    t.equal(
      (await app.request({ method: 'GET', url: '/api-keys', key: elsewhere })).statusCode,
      200,
      "the other organisation's key was left alone",
    );
  },
);

t.test('giving and taking away access is recorded: who, to whom, which role', async (t) => {
  const app = await buildTestApp(t);
  const admin = await app.keyFor('admin');
  const made = expectStatus(
    await app.request({
      method: 'POST',
      url: '/api-keys',
      key: admin,
      payload: {
        role: 'auditor',
        actor: { kind: 'system', name: 'external-inspector' },
        label: 'Inspection week',
      },
    }),
    201,
    'create',
  );
  for (let i = 0; i < 2; i += 1) {
    expectStatus(
      await app.request({ method: 'DELETE', url: `/api-keys/${made.prefix}`, key: admin }),
      200,
      'revoke',
    );
  }

  const events = await app.runtime.store.readStream(`api-key-${made.prefix}`);
  t.same(
    events.map((event) => event.type),
    ['ApiKeyIssued', 'ApiKeyRevoked'],
    'one issue and one revocation, however often it is revoked',
  );
  t.match(
    events[0],
    {
      actor: { id: 'system:test-admin', role: 'admin' },
      data: {
        prefix: made.prefix,
        role: 'auditor',
        holder: { id: 'system:external-inspector', kind: 'system' },
        expiresAt: null,
      },
    },
    'the issue names the admin who gave access, and to whom',
  );
  t.notOk(
    JSON.stringify(events).includes(made.key) || JSON.stringify(events).includes('Inspection'),
    'never the key, nor its label',
  );
  const feed = await app.request({
    method: 'GET',
    url: '/events?limit=1000',
    key: await app.keyFor('auditor'),
  });
  t.ok(
    feed.json().items.some((event: { type: string }) => event.type === 'ApiKeyIssued'),
    'auditors see it in the feed',
  );
});
