import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem, buildScenario, expectStatus } from './fixtures.ts';

const change = (text: string) => ({
  operation: 'add',
  section: 'important-to',
  text,
  basis: { kind: 'direct-edit', reason: 'Said at her review.' },
});

t.test('a 401 says which scheme to use', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.request({
    method: 'GET',
    url: '/people?externalRef=x',
    key: 'll_nope_nope',
  });
  t.equal(response.statusCode, 401, 'refused');
  t.equal(response.headers['www-authenticate'], 'Bearer', 'with the scheme named');
});

t.test('If-Match takes the ETag as given or the bare version, never a wildcard', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const url = `${s.profileUrl}/changes`;

  const bare = await app.request({
    method: 'POST',
    url,
    headers: { 'if-match': '0' },
    payload: change('Music on in the car.'),
  });
  expectStatus(bare, 201, 'a bare version');
  t.equal(bare.headers.etag, '"1"', 'the answer carries the strong ETag');

  for (const header of ['*', 'W/"1"', '"1', 'one']) {
    const refused = await app.request({
      method: 'POST',
      url,
      headers: { 'if-match': header },
      payload: change('Tea first.'),
    });
    assertProblem(t, refused, 400, 'VALIDATION_FAILED');
  }
});

t.test('a request refused for a missing If-Match keeps its Idempotency-Key free', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const url = `${s.profileUrl}/changes`;
  const payload = change('Walks by the canal.');

  const missing = await app.request({
    method: 'POST',
    url,
    headers: { 'idempotency-key': 'walks' },
    payload,
  });
  assertProblem(t, missing, 428, 'PRECONDITION_REQUIRED');

  const corrected = await app.request({
    method: 'POST',
    url,
    headers: { 'idempotency-key': 'walks', 'if-match': '"0"' },
    payload,
  });
  t.equal(corrected.statusCode, 201, 'the corrected request runs under the same key');
});

t.test(
  'malformed paths, odd Authorization headers and junk version numbers are refused plainly',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);

    assertProblem(
      t,
      await app.request({ method: 'GET', url: '/people/%ZZ' }),
      400,
      'MALFORMED_URL',
    );
    assertProblem(
      t,
      await app.request({ method: 'GET', url: `/people/${'a'.repeat(200)}` }),
      400,
      'MALFORMED_URL',
    );

    const key = await app.keyFor('admin');
    const extra = await app.request({
      method: 'GET',
      url: `/people/${s.personId}`,
      key: null,
      headers: { authorization: `Bearer ${key} extra` },
    });
    assertProblem(t, extra, 401, 'UNAUTHENTICATED');

    for (const version of ['1e3', '0x1', '1.0', '%20']) {
      const response = await app.request({
        method: 'GET',
        url: `${s.profileUrl}/versions/${version}`,
      });
      assertProblem(t, response, 400, 'VALIDATION_FAILED', ['path.version']);
    }

    const junk = await app.request({
      method: 'POST',
      url: `/reviews/${s.reviewId}/completion`,
      payload: { anything: true },
    });
    assertProblem(t, junk, 400, 'VALIDATION_FAILED', ['body.anything']);
  },
);

t.test('unknown members are refused at any depth, by name', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);

  const log = {
    subject: { kind: 'team', teamId: s.teamId, personId: s.personId },
    purpose: 'Handovers',
    reviewRhythm: 'monthly',
  };
  const refused = await app.request({ method: 'POST', url: '/learning-logs', payload: log });
  assertProblem(t, refused, 400, 'VALIDATION_FAILED', ['body.subject.personId']);

  const amendment = { reason: 'Wrong room.', changes: { place: 'The small pool', zz: 1 } };
  const amended = await app.request({
    method: 'POST',
    url: `/entries/${s.entryIds[0]}/amendments`,
    payload: amendment,
  });
  assertProblem(t, amended, 400, 'VALIDATION_FAILED', ['body.changes.zz']);
});

t.test('numbers in query strings are plain digits', async (t) => {
  const app = await buildTestApp(t);
  for (const after of ['1e3', '0x10', '%201', '', '-1']) {
    const response = await app.request({ method: 'GET', url: `/events?after=${after}` });
    assertProblem(t, response, 400, 'VALIDATION_FAILED', ['query.after']);
  }
  const limit = await app.request({ method: 'GET', url: '/events?limit=1e1' });
  assertProblem(t, limit, 400, 'VALIDATION_FAILED', ['query.limit']);
  const plain = await app.request({ method: 'GET', url: '/events?after=0&limit=10' });
  t.equal(plain.statusCode, 200, 'plain digits are read');
});

t.test('JSON is read as UTF-8; a body declared in another charset is refused', async (t) => {
  const app = await buildTestApp(t);
  const payload = JSON.stringify({ kind: 'employee', displayName: 'Ida Example' });
  for (const type of ['application/json; charset=latin1', 'application/json; charset=utf-16']) {
    const response = await app.request({
      method: 'POST',
      url: '/people',
      headers: { 'content-type': type },
      payload,
    });
    assertProblem(t, response, 415, 'UNSUPPORTED_MEDIA_TYPE', ['headers.content-type']);
  }
  const utf8 = await app.request({
    method: 'POST',
    url: '/people',
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    payload,
  });
  t.equal(utf8.statusCode, 201, 'UTF-8, named or not, is read');
});

t.test(
  'a path that exists under other methods answers 405 with Allow; an unknown one 404',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);

    const wrong = await app.request({ method: 'PUT', url: `/people/${s.personId}` });
    assertProblem(t, wrong, 405, 'METHOD_NOT_ALLOWED');
    t.match(wrong.headers.allow, /GET/, 'Allow names the methods the path takes');

    const deleteTeam = await app.request({ method: 'DELETE', url: `/teams/${s.teamId}` });
    assertProblem(t, deleteTeam, 405, 'METHOD_NOT_ALLOWED');

    assertProblem(t, await app.request({ method: 'GET', url: '/nowhere' }), 404, 'ROUTE_NOT_FOUND');
  },
);
