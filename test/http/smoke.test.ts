import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';

t.test('a person registered can be read back at once', async (t) => {
  const { request } = await buildTestApp(t);

  const created = await request({
    method: 'POST',
    url: '/people',
    payload: { kind: 'supported-person', displayName: 'Ada Example' },
  });
  t.equal(created.statusCode, 201, 'registered');

  const read = await request({ method: 'GET', url: `/people/${created.json().personId}` });
  t.equal(read.json().displayName, 'Ada Example', 'read back');
});

t.test('every answer carries the security headers, refusals and docs included', async (t) => {
  const app = await buildTestApp(t);
  const answers = [
    await app.request({ method: 'GET', url: '/health/live', key: null }),
    await app.request({ method: 'GET', url: '/review-queue', key: null }),
    await app.request({ method: 'GET', url: '/review-queue' }),
    await app.request({ method: 'GET', url: '/no-such-thing' }),
    await app.request({ method: 'GET', url: '/openapi.json', key: null }),
  ];

  for (const answer of answers) {
    t.match(
      answer.headers,
      {
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      },
      `${answer.statusCode} ${answer.headers['content-type']}`,
    );
  }
});

t.test('a path that climbs out of the documentation’s files finds nothing, quietly', async (t) => {
  const app = await buildTestApp(t);
  const answer = await app.request({
    method: 'GET',
    url: '/docs/static/..%5c..%5cpackage.json',
    key: null,
  });
  t.equal(answer.statusCode, 404, 'no such resource');
  t.equal(answer.json().code, 'ROUTE_NOT_FOUND', 'as problem+json');
  t.notOk(
    app.logLines.some((line) => (line.level as number) >= 50),
    'and nothing logged as a failure',
  );
});
