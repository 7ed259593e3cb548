import t from 'tap';
import { StoreUnavailableError } from '../../src/event-store/errors.ts';
import { buildTestApp } from '../helpers/app.ts';
import { expectStatus } from './fixtures.ts';

const neverFormed = '00000000-0000-4000-8000-00000000a11e';

t.test('readiness reports how far the read models are, and a stall', async (t) => {
  const app = await buildTestApp(t);
  const registered = expectStatus(
    await app.request({
      method: 'POST',
      url: '/people',
      payload: { kind: 'employee', displayName: 'Hale Example' },
    }),
    201,
    'register',
  );

  const ready = await app.request({ method: 'GET', url: '/health/ready', key: null });
  t.equal(ready.statusCode, 200, 'ready, without a key');
  t.match(
    ready.json(),
    { status: 'ready', readModelsKept: true, projecting: true, projectionFailure: null },
    'this process keeps the read models and none has stopped',
  );
  t.equal(ready.json().position, ready.json().head, 'the read models are at the head');

  // An event no projection can apply, written past the deciders.
  await app.runtime.store.append(
    `team-${neverFormed}`,
    [
      {
        id: '00000000-0000-4000-8000-0000000a11e2',
        type: 'TeamMemberJoined',
        schemaVersion: 1,
        occurredAt: '2026-01-05T09:00:00.000Z',
        recordedAt: '2026-01-05T09:00:00.000Z',
        actor: { id: 'system:test', kind: 'system', role: 'admin', via: 'test' },
        tenant: 'test-organisation',
        correlationId: 'poison',
        causationId: null,
        data: { teamId: neverFormed, personId: registered.personId },
      },
    ],
    { expectedRevision: 'no-stream' },
  );

  let stalled = await app.request({ method: 'GET', url: '/health/ready', key: null });
  for (let tries = 0; stalled.statusCode === 200 && tries < 100; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    stalled = await app.request({ method: 'GET', url: '/health/ready', key: null });
  }
  t.equal(stalled.statusCode, 503, 'not ready once a projection stops');
  t.match(
    stalled.json(),
    {
      status: 'not-ready',
      projectionFailure: { projection: 'directory', eventType: 'TeamMemberJoined' },
    },
    'naming the projection and the event type where it stopped',
  );
  t.ok(stalled.json().position < stalled.json().head, 'behind the head, not past the event');
});

t.test('with the store away, readiness is a quick 503 that says so', async (t) => {
  const app = await buildTestApp(t);
  const readStore = app.runtime.readStore;
  const progress = readStore.progress.bind(readStore);
  readStore.progress = async () => {
    throw new StoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
  };
  t.teardown(() => {
    readStore.progress = progress;
  });

  const away = await app.request({ method: 'GET', url: '/health/ready', key: null });

  t.equal(away.statusCode, 503, '503, not a 500');
  t.match(
    away.json(),
    { status: 'not-ready', storeAvailable: false, position: null },
    'saying why',
  );
  t.notOk(away.body.includes('ECONNREFUSED'), 'and nothing of the cause');
});

t.test('while the store takes no writes (a full disk), readiness is 503 and says so', async (t) => {
  const app = await buildTestApp(t);
  const storage = app.runtime.storage;
  const ready = await app.request({ method: 'GET', url: '/health/ready', key: null });
  t.equal(ready.json().storeWritable, storage.kind === 'sqlite' ? true : null, 'writable at first');

  const writable = storage.writable.bind(storage);
  storage.writable = async () => false;
  t.teardown(() => {
    storage.writable = writable;
  });
  const full = await app.request({ method: 'GET', url: '/health/ready', key: null });

  t.equal(full.statusCode, 503, 'not ready');
  t.match(
    full.json(),
    { status: 'not-ready', storeAvailable: true, storeWritable: false },
    'because the store answers but takes no writes',
  );
});
