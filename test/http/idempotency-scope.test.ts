import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import {
  activityTimes,
  assertProblem,
  buildScenario,
  entryBody,
  expectStatus,
} from './fixtures.ts';
import { assertReplay, person, withKey } from './replay.ts';

t.test('keys are scoped to the API key that sent them', async (t) => {
  const app = await buildTestApp(t);
  const one = await app.keyFor('admin');
  const two = await app.keyFor('admin');

  const a = await app.request({
    method: 'POST',
    url: '/people',
    key: one,
    headers: withKey('client-key-1'),
    payload: person,
  });
  const b = await app.request({
    method: 'POST',
    url: '/people',
    key: two,
    headers: withKey('client-key-1'),
    payload: person,
  });
  const c = await app.request({
    method: 'POST',
    url: '/people',
    key: two,
    headers: withKey('client-key-2'),
    payload: { ...person, displayName: 'Hal Sample' },
  });
  const d = await app.request({
    method: 'POST',
    url: '/people',
    key: one,
    headers: withKey('client-key-2'),
    payload: { ...person, displayName: 'Ivo Sample' },
  });

  t.same(
    [a, b, c, d].map((r) => r.statusCode),
    [201, 201, 201, 201],
    'each key used its key strings independently',
  );
  t.equal(
    b.headers['idempotent-replayed'],
    undefined,
    'the same body from another API key is no replay',
  );
  t.equal(new Set([a, b, c, d].map((r) => r.json().personId)).size, 4, 'four people registered');
});

t.test('a refusal is replayed too, even when the world has changed since', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const add = {
    method: 'POST' as const,
    url: `/teams/${s.teamId}/members`,
    headers: withKey('add-bram'),
    payload: { personId: s.employees[0] },
  };

  const first = await app.request(add);
  assertProblem(t, first, 409, 'ALREADY_TEAM_MEMBER');
  expectStatus(
    await app.request({ method: 'DELETE', url: `/teams/${s.teamId}/members/${s.employees[0]}` }),
    200,
    'member removed',
  );

  const before = await app.eventCount();
  const again = await app.request(add);
  assertReplay(t, first, again, 'refusal');
  t.equal(await app.eventCount(), before, 'the retry did not add the member');

  const unknownLog = {
    method: 'POST' as const,
    url: `/learning-logs/${s.personId}/entries`,
    headers: withKey('lost-entry'),
    payload: entryBody((w) => w, activityTimes[0]),
  };
  const notFound = await app.request(unknownLog);
  assertProblem(t, notFound, 404, 'LOG_NOT_FOUND');
  assertReplay(t, notFound, await app.request(unknownLog), 'not found');
});

t.test('a request refused before it ran keeps its key free', async (t) => {
  const app = await buildTestApp(t);
  const invalid = await app.request({
    method: 'POST',
    url: '/people',
    headers: withKey('fix-and-retry'),
    payload: { kind: 'employee' },
  });
  assertProblem(t, invalid, 400, 'VALIDATION_FAILED');

  const fixed = await app.request({
    method: 'POST',
    url: '/people',
    headers: withKey('fix-and-retry'),
    payload: person,
  });
  t.equal(fixed.statusCode, 201, 'the corrected request runs under the same key');
});

t.test('a write stored but not yet readable is not written again on retry', async (t) => {
  const app = await buildTestApp(t, { readModelWaitMs: 200 });
  app.runtime.projector.stop();
  const request = {
    method: 'POST',
    url: '/people',
    headers: withKey('stored-once'),
    payload: person,
  } as const;
  assertProblem(t, await app.request(request), 503, 'READ_MODELS_BEHIND');
  await app.runtime.projector.start();

  await app.request(request);
  t.equal(await app.eventCount(), 1, 'one registration in all');
});
