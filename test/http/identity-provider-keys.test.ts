import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IdentityProviderConfig } from '../../src/config.ts';
import { buildTestApp, organisation, type TestApp } from '../helpers/app.ts';
import {
  identityProviderConfig,
  signingKey,
  startIdentityProvider,
} from '../helpers/identity-provider.ts';
import { assertProblem, expectStatus } from './fixtures.ts';

/** Short enough for a test to wait it out; the service's default is 30 seconds. */
const cooldownMs = 300;
const timeoutMs = 300;
const settings = {
  LEARNING_LOG_JWT_JWKS_COOLDOWN_MS: String(cooldownMs),
  LEARNING_LOG_JWT_JWKS_TIMEOUT_MS: String(timeoutMs),
};

async function appWithEmployee(t: Test, identityProvider: IdentityProviderConfig) {
  const app = await buildTestApp(t, { identityProvider });
  const response = await app.request({
    method: 'POST',
    url: '/people',
    payload: { kind: 'employee', displayName: 'Sam Sample' },
  });
  const sam = expectStatus(response, 201, 'register Sam').personId as string;
  const claims = {
    sub: sam,
    learning_log_role: 'reviewer',
    learning_log_organisation: organisation,
  };
  return { app, sam, claims };
}

/** Reads the employee's own record with a credential; answers status and how long it took. */
async function timedRead(app: TestApp, sam: string, key: string) {
  const started = performance.now();
  const response = await app.request({ method: 'GET', url: `/people/${sam}`, key });
  return { response, ms: performance.now() - started };
}

t.test('tokens signed with a rotated-in key work once the cooldown allows a fetch', async (t) => {
  const idp = await startIdentityProvider(t, settings);
  const [old, rotated] = [
    await signingKey('2025-autumn'),
    await signingKey('2025-winter', 'ES256'),
  ];
  idp.publish(old);
  const { app, sam, claims } = await appWithEmployee(t, idp.config);

  const first = await timedRead(app, sam, await idp.token(old, claims));
  t.equal(first.response.statusCode, 200, 'a token signed with the published key works');
  t.equal(idp.fetches, 1, 'the first token fetches the key set');

  idp.publish(old, rotated);
  const early = await timedRead(app, sam, await idp.token(rotated, claims));
  t.equal(early.response.statusCode, 401, 'within the cooldown an unknown key id is refused');
  t.equal(idp.fetches, 1, 'without asking the provider again');

  await sleep(cooldownMs + 50);
  const later = await timedRead(app, sam, await idp.token(rotated, claims));
  t.equal(later.response.statusCode, 200, 'after it, the new key id makes it fetch the keys again');
  t.equal(idp.fetches, 2, 'once');
  const again = await timedRead(app, sam, await idp.token(old, claims));
  t.equal(again.response.statusCode, 200, 'the old key works while the provider still lists it');
  t.equal(idp.fetches, 2, 'from the cache');
});

t.test('a provider that cannot be reached makes a token request 503, at once', async (t) => {
  const port = await closedPort();
  const config = identityProviderConfig(`http://127.0.0.1:${port}/jwks`, settings);
  const idp = await startIdentityProvider(t);
  const key = await signingKey('2025-autumn');
  const { app, sam, claims } = await appWithEmployee(t, config);

  const { response, ms } = await timedRead(app, sam, await idp.token(key, claims));
  assertProblem(t, response, 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
  t.equal(response.headers['retry-after'], '5', 'with Retry-After');
  t.ok(ms < 2000, `without waiting long (${Math.round(ms)} ms)`);
  t.match(
    app.logLines.find((line) => line.msg === 'identity provider keys unavailable'),
    { level: 40, reason: 'unreachable' },
    'logged as a warning with its reason',
  );

  const read = await app.request({ method: 'GET', url: `/people/${sam}` });
  t.equal(read.statusCode, 200, 'API keys keep working meanwhile');
});

t.test('a provider that hangs or fails costs one timeout, then recovers', async (t) => {
  const idp = await startIdentityProvider(t, settings);
  const key = await signingKey('2025-autumn');
  idp.publish(key);
  const { app, sam, claims } = await appWithEmployee(t, idp.config);
  const token = await idp.token(key, claims);

  idp.behave('hang');
  const hung = await timedRead(app, sam, token);
  assertProblem(t, hung.response, 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
  t.ok(hung.ms < timeoutMs + 1500, `after the fetch timeout (${Math.round(hung.ms)} ms)`);

  const asked = idp.fetches;
  const next = await timedRead(app, sam, token);
  assertProblem(t, next.response, 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
  t.equal(idp.fetches, asked, 'right after a failure, without asking the provider again');

  idp.behave('fail');
  await sleep(cooldownMs + 50);
  const failed = await timedRead(app, sam, token);
  assertProblem(t, failed.response, 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
  t.equal(idp.fetches, asked + 1, 'after the back-off it asks again; an error answer is a 503 too');

  idp.behave('serve');
  await sleep(cooldownMs + 50);
  const back = await timedRead(app, sam, token);
  t.equal(back.response.statusCode, 200, 'once the provider answers, the token works');
  t.notOk(app.logText().includes(token), 'the token is never logged');
});

t.test('keys already fetched keep working while the provider is down', async (t) => {
  const idp = await startIdentityProvider(t, settings);
  const key = await signingKey('2025-autumn');
  idp.publish(key);
  const { app, sam, claims } = await appWithEmployee(t, idp.config);
  const first = await timedRead(app, sam, await idp.token(key, claims));
  t.equal(first.response.statusCode, 200, 'the first token fetches the keys');

  idp.behave('fail');
  const cached = await timedRead(app, sam, await idp.token(key, claims));
  t.equal(cached.response.statusCode, 200, 'a token with a known key id needs no fetch');

  // An unknown key id may be a rotation that the service cannot confirm now: 503, not 401.
  await sleep(cooldownMs + 50);
  const unknown = await timedRead(app, sam, await idp.token(await signingKey('new'), claims));
  assertProblem(t, unknown.response, 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
});

/** A loopback port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
