import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem, unknownId } from './fixtures.ts';

const person = { kind: 'employee', displayName: 'Rae Example' };

t.test('each key has its own budget, shared address or not', async (t) => {
  const app = await buildTestApp(t, { rateLimit: { max: 3, windowMs: 60_000 } });
  const busy = await app.keyFor('integration');
  const quiet = await app.keyFor('integration');

  for (const remaining of [2, 1, 0]) {
    const answer = await app.request({
      method: 'POST',
      url: '/people',
      key: busy,
      payload: person,
    });
    t.equal(answer.statusCode, 201, `within the limit, ${remaining} left`);
    t.equal(answer.headers['x-ratelimit-limit'], '3', 'the limit is told');
    t.equal(answer.headers['x-ratelimit-remaining'], String(remaining), 'and what is left of it');
  }

  const before = await app.eventCount();
  const refused = await app.request({ method: 'POST', url: '/people', key: busy, payload: person });
  assertProblem(t, refused, 429, 'RATE_LIMITED');
  const retryAfter = Number(refused.headers['retry-after']);
  t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After says when to come back (${retryAfter} s)`);
  t.equal(refused.headers['cache-control'], 'no-store', 'with the security headers');
  t.equal(await app.eventCount(), before, 'the refused write appended nothing');

  const other = await app.request({ method: 'POST', url: '/people', key: quiet, payload: person });
  t.equal(other.statusCode, 201, 'another key from the same address is not held back');
});

t.test('the limit counts refusals and unknown routes, never health', async (t) => {
  const app = await buildTestApp(t, { rateLimit: { max: 2, windowMs: 60_000 } });
  const key = await app.keyFor('author');

  const forbidden = await app.request({ method: 'GET', url: '/api-keys', key });
  t.equal(forbidden.statusCode, 403, 'a forbidden request counts');
  const missing = await app.request({ method: 'GET', url: '/no-such-thing', key });
  t.equal(missing.statusCode, 404, 'so does an unknown route');
  const third = await app.request({ method: 'GET', url: `/entries/${unknownId}`, key });
  assertProblem(t, third, 429, 'RATE_LIMITED');

  for (const url of ['/health/live', '/health/ready', '/health/live', '/health/ready']) {
    const health = await app.request({ method: 'GET', url, key });
    t.equal(health.statusCode, 200, `${url} is never limited`);
    t.notOk('x-ratelimit-limit' in health.headers, `${url} carries no limit`);
  }
});

t.test('a key has its budget again when the window has passed', async (t) => {
  const app = await buildTestApp(t, { rateLimit: { max: 1, windowMs: 1_000 } });
  const key = await app.keyFor('auditor');
  const read = () => app.request({ method: 'GET', url: '/events', key });

  t.equal((await read()).statusCode, 200, 'the first request is answered');
  t.equal((await read()).statusCode, 429, 'the second in the window is not');
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  t.equal((await read()).statusCode, 200, 'after the window it is answered again');
});

t.test('bad keys are counted by address, without holding back good keys', async (t) => {
  const app = await buildTestApp(t, { rateLimit: { max: 2, windowMs: 60_000 } });
  const good = await app.keyFor('admin');
  const guess = (key: string | null) => app.request({ method: 'GET', url: '/api-keys', key });

  assertProblem(t, await guess('ll_000000000000_guess'), 401, 'UNAUTHENTICATED');
  assertProblem(t, await guess(null), 401, 'UNAUTHENTICATED');
  const slowed = await guess('ll_000000000000_another');
  assertProblem(t, slowed, 429, 'RATE_LIMITED');
  t.ok(Number(slowed.headers['retry-after']) >= 1, 'told when to try again');

  t.equal((await guess(good)).statusCode, 200, 'a good key from the same address is answered');
  t.notOk(app.logText().includes('127.0.0.1'), 'the address is never logged');
});

t.test('without a limit nothing is counted', async (t) => {
  const app = await buildTestApp(t, { rateLimit: null });
  const key = await app.keyFor('auditor');
  for (let i = 0; i < 5; i += 1) {
    const answer = await app.request({ method: 'GET', url: '/events', key });
    t.equal(answer.statusCode, 200, `request ${i + 1} answered`);
    t.notOk('x-ratelimit-limit' in answer.headers, 'and no limit told');
  }
});
