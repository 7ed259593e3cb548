import { SignJWT, UnsecuredJWT } from 'jose';
import t, { type Test } from 'tap';
import { buildTestApp, organisation, type TestApp } from '../helpers/app.ts';
import {
  issuer,
  signingKey,
  startIdentityProvider,
  type SigningKey,
  type TestIdentityProvider,
} from '../helpers/identity-provider.ts';
import { assertProblem, expectStatus } from './fixtures.ts';

const otherOrganisation = 'birch-lane-support';

interface World {
  readonly app: TestApp;
  readonly idp: TestIdentityProvider;
  readonly key: SigningKey;
  /** An employee of the test organisation, and a person they support. */
  readonly sam: string;
  readonly nia: string;
  /** The claims of a token that speaks for Sam as an author. */
  readonly asSam: Record<string, unknown>;
}

async function world(t: Test): Promise<World> {
  const idp = await startIdentityProvider(t);
  const key = await signingKey('elm-road-2025');
  idp.publish(key);
  const app = await buildTestApp(t, { identityProvider: idp.config });
  const sam = await register(app, 'employee', 'Sam Sample');
  const nia = await register(app, 'supported-person', 'Nia Example');
  const asSam = {
    sub: sam,
    learning_log_role: 'author',
    learning_log_organisation: organisation,
  };
  return { app, idp, key, sam, nia, asSam };
}

async function register(app: TestApp, kind: string, displayName: string, key?: string) {
  const response = await app.request({
    method: 'POST',
    url: '/people',
    payload: { kind, displayName },
    ...(key === undefined ? {} : { key }),
  });
  return expectStatus(response, 201, `register ${displayName}`).personId as string;
}

const openLog = (personId: string) => ({
  method: 'POST' as const,
  url: '/learning-logs',
  payload: {
    subject: { kind: 'person', personId },
    purpose: 'First swimming sessions',
    reviewRhythm: 'weekly',
  },
});

t.test('a token speaks for the employee it names, with their role and organisation', async (t) => {
  const { app, idp, key, sam, nia, asSam } = await world(t);
  const token = await idp.token(key, { ...asSam, jti: 'session-0001' });

  const opened = expectStatus(await app.request({ ...openLog(nia), key: token }), 201, 'open');
  const [event] = await app.runtime.store.readStream(`log-${opened.logId}`);
  t.same(
    event?.actor,
    { id: sam, kind: 'employee', role: 'author', via: 'jwt:session-0001' },
    'the event names the employee, their role, and the token by its id',
  );
  t.equal(event?.tenant, organisation, 'in the organisation the token names');

  const withoutId = await idp.token(key, { ...asSam, jti: undefined });
  const second = expectStatus(await app.request({ ...openLog(nia), key: withoutId }), 201, 'open');
  const [next] = await app.runtime.store.readStream(`log-${second.logId}`);
  t.match(next?.actor.via, /^jwt:sha256:[0-9a-f]{16}$/, 'a token without id by a hash prefix');
  t.notOk(withoutId.includes(next!.actor.via.slice(4)), 'which is not part of the token');

  const read = await app.request({ method: 'GET', url: `/people/${nia}` });
  t.equal(read.statusCode, 200, 'API keys still work beside tokens');
});

t.test('an erased employee’s tokens are refused', async (t) => {
  const { app, idp, key, sam, nia, asSam } = await world(t);
  const token = await idp.token(key, asSam);
  expectStatus(await app.request({ method: 'GET', url: `/people/${nia}`, key: token }), 200, 'in');

  expectStatus(
    await app.request({
      method: 'POST',
      url: `/people/${sam}/erasure`,
      payload: { reason: 'Left; asked to be erased.' },
    }),
    200,
    'erased',
  );
  assertProblem(
    t,
    await app.request({ method: 'GET', url: `/people/${nia}`, key: token }),
    401,
    'UNAUTHENTICATED',
  );
});

t.test('the permission table applies to a token as to a key', async (t) => {
  const { app, idp, key, asSam } = await world(t);
  const auditor = await idp.token(key, { ...asSam, learning_log_role: 'auditor' });
  const before = await app.eventCount();

  const refused = await app.request({
    method: 'POST',
    url: '/people',
    payload: { kind: 'employee', displayName: 'Cass Example' },
    key: auditor,
  });
  assertProblem(t, refused, 403, 'FORBIDDEN');
  t.equal(await app.eventCount(), before, 'nothing was written');

  const queue = await app.request({ method: 'GET', url: '/review-queue', key: auditor });
  t.equal(queue.statusCode, 200, 'while what auditors may read is open to them');
});

t.test('every doubtful token is refused with the same 401, which says nothing more', async (t) => {
  const { app, idp, key, nia, asSam } = await world(t);
  const impostor = await signingKey('elm-road-2025');
  const elsewhere = await register(
    app,
    'employee',
    'Rue Elsewhere',
    await app.keyFor('admin', { tenant: otherOrganisation }),
  );
  const now = Math.floor(Date.now() / 1000);
  const hmac = (secret: string) =>
    new SignJWT({ iss: issuer, aud: 'learning-log', exp: now + 300, ...asSam })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode(secret));

  const changed = (claims: Record<string, unknown>) => idp.token(key, { ...asSam, ...claims });
  const unsigned = new UnsecuredJWT({ iss: issuer, aud: 'learning-log', exp: now + 300, ...asSam });

  // Each with the reason the service logs for it, so that each is refused for the intended cause.
  const doubtful: Array<[string, string, string]> = [
    ['signed by another key under the same key id', await idp.token(impostor, asSam), 'signature'],
    [
      'signed by a key never published',
      await idp.token(await signingKey('x'), asSam),
      'unknown-key',
    ],
    ['expired', await changed({ exp: now - 300 }), 'expired'],
    ['not yet valid', await changed({ nbf: now + 300 }), 'claim-nbf'],
    ['without an expiry', await changed({ exp: undefined }), 'claim-exp'],
    ['from another issuer', await changed({ iss: 'https://id.example/' }), 'claim-iss'],
    ['for another audience', await changed({ aud: 'rota-planner' }), 'claim-aud'],
    ['without a role', await changed({ learning_log_role: undefined }), 'role-claim'],
    ['with an unknown role', await changed({ learning_log_role: 'owner' }), 'role-claim'],
    ['with a list of roles', await changed({ learning_log_role: ['author'] }), 'role-claim'],
    [
      'without an organisation',
      await changed({ learning_log_organisation: undefined }),
      'organisation-claim',
    ],
    [
      'with a blank organisation',
      await changed({ learning_log_organisation: ' ' }),
      'organisation-claim',
    ],
    ['without a subject', await changed({ sub: undefined }), 'actor-claim'],
    ['naming no person id', await changed({ sub: 'sam@elm-road.example' }), 'actor-claim'],
    ['naming a supported person', await changed({ sub: nia }), 'not-an-employee'],
    ['naming an employee elsewhere', await changed({ sub: elsewhere }), 'not-an-employee'],
    ['unsigned (alg none)', unsigned.encode(), 'algorithm'],
    ['signed with HS256 and the public key as secret', await hmac(key.publicPem), 'algorithm'],
    [
      'signed with HS256 and the JWK as secret',
      await hmac(JSON.stringify(key.publicJwk)),
      'algorithm',
    ],
    ['that is no token at all', 'eyJhbGciOiJSUzI1NiJ9.not-a-token', 'malformed'],
  ];
  const tampered = (await idp.token(key, asSam)).split('.');
  const payload = JSON.parse(Buffer.from(tampered[1]!, 'base64url').toString());
  tampered[1] = Buffer.from(JSON.stringify({ ...payload, learning_log_role: 'admin' })).toString(
    'base64url',
  );
  doubtful.push(['with a claim changed after signing', tampered.join('.'), 'signature']);

  const none = await app.request({ method: 'GET', url: '/review-queue', key: null });
  const before = await app.eventCount();
  const lastReason = () => app.logLines.findLast((line) => line.msg === 'bearer token refused');
  for (const [why, token, reason] of doubtful) {
    const read = await app.request({ method: 'GET', url: `/people/${nia}`, key: token });
    t.equal(read.statusCode, 401, `a token ${why}: 401`);
    t.same(read.json(), none.json(), `a token ${why}: the same answer as no credential at all`);
    t.equal(lastReason()?.reason, reason, `a token ${why}: refused as ${reason}`);
    const write = await app.request({ ...openLog(nia), key: token });
    t.equal(write.statusCode, 401, `a token ${why}: cannot write either`);
  }
  t.equal(await app.eventCount(), before, 'no refused token wrote anything');

  const good = await app.request({ ...openLog(nia), key: await idp.token(key, asSam) });
  t.equal(good.statusCode, 201, 'while a good token from the same provider works');
});

t.test('without an identity provider configured, a good token is refused', async (t) => {
  const idp = await startIdentityProvider(t);
  const key = await signingKey('elm-road-2025');
  idp.publish(key);
  const app = await buildTestApp(t);
  const sam = await register(app, 'employee', 'Sam Sample');
  const token = await idp.token(key, {
    sub: sam,
    learning_log_role: 'admin',
    learning_log_organisation: organisation,
  });

  assertProblem(
    t,
    await app.request({ method: 'GET', url: `/people/${sam}`, key: token }),
    401,
    'UNAUTHENTICATED',
  );
  t.equal(idp.fetches, 0, 'and the provider is never asked');
});

t.test('a token of another organisation learns nothing of this one', async (t) => {
  const { app, idp, key, nia } = await world(t);
  const theirAdmin = await app.keyFor('admin', { tenant: otherOrganisation });
  const rue = await register(app, 'employee', 'Rue Elsewhere', theirAdmin);
  const theirs = await register(app, 'supported-person', 'Ash Elsewhere', theirAdmin);
  const token = await idp.token(key, {
    sub: rue,
    learning_log_role: 'author',
    learning_log_organisation: otherOrganisation,
  });

  const own = await app.request({ method: 'GET', url: `/people/${theirs}`, key: token });
  t.equal(own.statusCode, 200, 'their own person is there for them');
  for (const url of [`/people/${nia}`, `/people/${nia}/profile`]) {
    assertProblem(
      t,
      await app.request({ method: 'GET', url, key: token }),
      404,
      'PERSON_NOT_FOUND',
    );
  }
  const write = await app.request({ ...openLog(nia), key: token });
  t.equal(write.statusCode, 422, "nor can they open a log about this organisation's person");
});

t.test('an Idempotency-Key outlives the token it was first sent with', async (t) => {
  const { app, idp, key, nia, asSam } = await world(t);
  const send = async (token: string) =>
    app.request({ ...openLog(nia), headers: { 'idempotency-key': 'swim-log-1' }, key: token });

  const first = await send(await idp.token(key, asSam));
  const renewed = await send(await idp.token(key, asSam));
  t.equal(first.statusCode, 201, 'the first request opens the log');
  t.equal(renewed.headers['idempotent-replayed'], 'true', 'a retry with a renewed token replays');
  t.same(renewed.json(), first.json(), 'the same answer');
});

t.test('no token and no claim value reaches the log', async (t) => {
  const { app, idp, key, nia, asSam } = await world(t);
  const personal = {
    name: 'Quilla Qzjwtqz',
    email: 'quilla.qzjwtqz@elm-road.example',
    jti: 'qzjwtqz-session',
  };

  const tokens = [
    await idp.token(key, { ...asSam, ...personal }),
    await idp.token(key, { ...asSam, ...personal, exp: 1 }),
    await idp.token(key, { ...asSam, ...personal, learning_log_role: 'qzjwtqz-role' }),
    await idp.token(key, { ...asSam, ...personal, learning_log_organisation: 'qzjwtqz-org' }),
    await idp.token(key, { ...asSam, ...personal, iss: 'https://qzjwtqz.example/' }),
    await idp.token(key, { ...asSam, ...personal, sub: '00000000-0000-4000-8000-00000000abcd' }),
  ];
  for (const token of tokens) await app.request({ ...openLog(nia), key: token });

  const log = app.logText();
  t.ok(log.includes('"reason":"expired"'), 'refusals are logged with a reason code');
  for (const token of tokens) {
    for (const part of token.split('.')) t.notOk(log.includes(part), 'no part of a token');
  }
  for (const value of [...Object.values(personal), 'qzjwtqz', '00000000abcd']) {
    t.notOk(log.includes(value), `no claim value: ${value}`);
  }
});

t.test('the claims are read under the names the configuration gives them', async (t) => {
  const idp = await startIdentityProvider(t, {
    LEARNING_LOG_JWT_ACTOR_CLAIM: 'https://elm-road-care.example/person',
    LEARNING_LOG_JWT_ROLE_CLAIM: 'll_role',
    LEARNING_LOG_JWT_ORGANISATION_CLAIM: 'll_org',
  });
  const key = await signingKey('elm-road-2025', 'ES256');
  idp.publish(key);
  const app = await buildTestApp(t, { identityProvider: idp.config });
  const sam = await register(app, 'employee', 'Sam Sample');
  const nia = await register(app, 'supported-person', 'Nia Example');
  const named = {
    sub: 'sam-at-the-provider',
    'https://elm-road-care.example/person': sam,
    ll_role: 'author',
    ll_org: organisation,
  };

  const opened = await app.request({ ...openLog(nia), key: await idp.token(key, named) });
  t.equal(opened.statusCode, 201, 'a token with the configured claims works');
  const [event] = await app.runtime.store.readStream(`log-${opened.json().logId}`);
  t.equal(event?.actor.id, sam, 'the actor is read from the configured claim, not from sub');

  const usual = await idp.token(key, {
    sub: sam,
    learning_log_role: 'author',
    learning_log_organisation: organisation,
  });
  const refused = await app.request({ ...openLog(nia), key: usual });
  t.equal(refused.statusCode, 401, 'while the default claim names mean nothing here');
});
