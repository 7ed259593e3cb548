import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { hashOfRequest } from '../../src/http/idempotency.ts';
import { buildTestApp, organisation } from '../helpers/app.ts';
import {
  activityTimes,
  assertProblem,
  buildScenario,
  entryBody,
  expectStatus,
} from './fixtures.ts';
import { assertReplay, person, withKey } from './replay.ts';

t.test('the same key and body replays the first answer and appends nothing', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);

  const first = await app.request({
    method: 'POST',
    url: '/people',
    headers: withKey('register-gil'),
    payload: person,
  });
  t.equal(first.statusCode, 201, 'registered');
  const count = await app.eventCount();
  assertReplay(
    t,
    first,
    await app.request({
      method: 'POST',
      url: '/people',
      headers: withKey('register-gil'),
      payload: person,
    }),
    'registration',
  );
  t.equal(await app.eventCount(), count, 'the retry appended nothing');

  const url = `/learning-logs/${s.logId}/entries`;
  const entry = entryBody((w) => w, activityTimes[2]);
  const recorded = await app.request({
    method: 'POST',
    url,
    key: s.employeeKeys[1],
    headers: withKey('entry-7'),
    payload: entry,
  });
  t.equal(recorded.statusCode, 201, 'entry recorded');
  t.ok(recorded.headers.etag && recorded.headers.location, 'with ETag and Location');
  assertReplay(
    t,
    recorded,
    await app.request({
      method: 'POST',
      url,
      key: s.employeeKeys[1],
      headers: withKey('entry-7'),
      payload: entry,
    }),
    'entry',
  );

  const change = {
    method: 'POST' as const,
    url: `${s.profileUrl}/changes`,
    headers: { ...withKey('profile-change-1'), 'if-match': '"0"' },
    payload: {
      operation: 'add',
      section: 'how-to-support',
      text: 'Tea first.',
      basis: { kind: 'direct-edit', reason: 'Agreed.' },
    },
  };
  const changed = await app.request(change);
  t.equal(changed.statusCode, 201, 'profile changed');
  assertReplay(t, changed, await app.request(change), 'document change');
  t.equal(
    (await app.request({ method: 'GET', url: s.profileUrl })).headers.etag,
    '"1"',
    'the profile has one version, not two',
  );

  const entries = (await app.request({ method: 'GET', url })).json().items;
  t.equal(entries.length, 4, 'one entry recorded, not two');
});

t.test('the same key with another request is refused', async (t) => {
  const app = await buildTestApp(t);
  expectStatus(
    await app.request({
      method: 'POST',
      url: '/people',
      headers: withKey('shared'),
      payload: person,
    }),
    201,
    'first use',
  );
  const before = await app.eventCount();

  const otherBody = await app.request({
    method: 'POST',
    url: '/people',
    headers: withKey('shared'),
    payload: { ...person, displayName: 'Hal Sample' },
  });
  assertProblem(t, otherBody, 422, 'IDEMPOTENCY_KEY_REUSED');
  const otherUrl = await app.request({
    method: 'POST',
    url: '/teams',
    headers: withKey('shared'),
    payload: { name: 'Gil Sample' },
  });
  assertProblem(t, otherUrl, 422, 'IDEMPOTENCY_KEY_REUSED');
  t.equal(await app.eventCount(), before, 'neither appended anything');
});

t.test('a retry while the first request is still running is told so', async (t) => {
  const app = await buildTestApp(t);
  const before = await app.eventCount();

  // With the read models paused the first request has written but cannot answer yet.
  app.runtime.projector.stop();
  const pending = app.request({
    method: 'POST',
    url: '/people',
    headers: withKey('slow-one'),
    payload: person,
  });
  while ((await app.eventCount()) === before) await sleep(5);

  const retry = await app.request({
    method: 'POST',
    url: '/people',
    headers: withKey('slow-one'),
    payload: person,
  });
  assertProblem(t, retry, 409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
  t.equal(await app.eventCount(), before + 1, 'the retry appended nothing');

  await app.runtime.projector.start();
  const first = await pending;
  t.equal(first.statusCode, 201, 'the first request finishes once the read models catch up');
  assertReplay(
    t,
    first,
    await app.request({
      method: 'POST',
      url: '/people',
      headers: withKey('slow-one'),
      payload: person,
    }),
    'after it finished',
  );
  t.equal(await app.eventCount(), before + 1, 'one registration in all');
});

t.test(
  'kept answers are sealed: no personal text and no key secret rests in the open',
  async (t) => {
    const app = await buildTestApp(t);
    const admin = await app.keyFor('admin');
    const via = (await app.runtime.apiKeys.verify(admin, new Date()))!.actor.via;
    const body = {
      role: 'author',
      actor: { kind: 'system', name: 'care-records' },
      label: 'Kept answer check',
    };
    const created = expectStatus(
      await app.request({
        method: 'POST',
        url: '/api-keys',
        key: admin,
        headers: withKey('new-key-1'),
        payload: body,
      }),
      201,
      'key made',
    );

    // Ask the store for the kept answer as a retry would, and look at it as it rests.
    const claim = await app.runtime.idempotency.claim(
      `${organisation}|${via}`,
      'new-key-1',
      hashOfRequest('POST', '/api-keys', '', JSON.stringify(body)),
      'a-retry',
      new Date(),
    );
    t.equal(claim.outcome, 'replay', 'the answer is kept');
    const kept = claim.outcome === 'replay' ? claim.response.body : '';
    t.notOk(kept.includes(created.key), 'the new key’s secret is not kept in the open');
    t.notOk(kept.includes('Kept answer check'), 'nor is its label');

    const replayed = await app.request({
      method: 'POST',
      url: '/api-keys',
      key: admin,
      headers: withKey('new-key-1'),
      payload: body,
    });
    t.equal(replayed.json().key, created.key, 'while a retry still gets the answer as given');
  },
);
