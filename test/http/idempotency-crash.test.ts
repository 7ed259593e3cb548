import t from 'tap';
import { StoreUnavailableError } from '../../src/event-store/errors.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { hashOfRequest } from '../../src/http/idempotency.ts';
import { buildTestApp, organisation } from '../helpers/app.ts';
import { assertProblem } from './fixtures.ts';

const body = JSON.stringify({ kind: 'employee', displayName: 'Rook Example' });
const twoMinutesAgo = () => new Date(Date.now() - 120_000);

/** Leaves a claim as a process killed mid-request would: claimed long ago, never answered. */
async function abandonClaim(
  app: Awaited<ReturnType<typeof buildTestApp>>,
  key: string,
  requestId: string,
) {
  const { actor } = (await app.runtime.apiKeys.verify(await adminKey(app), new Date()))!;
  const scope = `${organisation}|${actor.via}`;
  await app.runtime.idempotency.claim(
    scope,
    key,
    hashOfRequest('POST', '/people', '', body),
    requestId,
    twoMinutesAgo(),
  );
}

let admin: string | undefined;
async function adminKey(app: Awaited<ReturnType<typeof buildTestApp>>): Promise<string> {
  admin ??= await app.keyFor('admin');
  return admin;
}

const retry = (key: string, keyToken: string) =>
  ({
    method: 'POST',
    url: '/people',
    key: keyToken,
    headers: { 'idempotency-key': key, 'content-type': 'application/json' },
    payload: body,
  }) as const;

t.test(
  'a retry after a crash that lost the answer but kept the write does not write again',
  async (t) => {
    admin = undefined;
    const app = await buildTestApp(t);
    const key = await adminKey(app);

    // The killed request had appended its event (its request id is the event's causation id).
    const written = await app.request({
      method: 'POST',
      url: '/people',
      key,
      payload: JSON.parse(body),
    });
    const lostRequestId = (await app.runtime.store.readAll({ after: logStart, limit: 1 }))[0]!
      .causationId!;
    t.equal(written.statusCode, 201, 'the first attempt wrote');
    await abandonClaim(app, 'crash-1', lostRequestId);

    const before = await app.eventCount();
    const response = await app.request(retry('crash-1', key));
    assertProblem(t, response, 409, 'IDEMPOTENCY_REQUEST_INTERRUPTED');
    t.equal(await app.eventCount(), before, 'nothing written twice');

    const again = await app.request(retry('crash-1', key));
    t.equal(again.statusCode, 409, 'and every later retry hears the same');
    t.equal(again.headers['idempotent-replayed'], 'true', 'as a replay');
  },
);

t.test('a retry after a crash that wrote nothing runs the request', async (t) => {
  admin = undefined;
  const app = await buildTestApp(t);
  const key = await adminKey(app);
  await abandonClaim(app, 'crash-2', 'a-request-that-died-before-writing');

  const response = await app.request(retry('crash-2', key));
  t.equal(response.statusCode, 201, 'registered now');
  t.equal(await app.eventCount(), 1, 'once');
});

t.test('a write whose answer was lost with the connection is not written again', async (t) => {
  const app = await buildTestApp(t);
  const key = await app.keyFor('admin');
  const store = app.runtime.store;
  const append = store.append.bind(store);
  // The commit happens, then the connection breaks before its answer arrives.
  store.append = async (...args) => {
    await append(...args);
    throw new StoreUnavailableError(new Error('Connection terminated unexpectedly'));
  };
  t.teardown(() => {
    store.append = append;
  });

  const lost = await app.request(retry('lost-answer', key));
  assertProblem(t, lost, 503, 'STORE_UNAVAILABLE');
  store.append = append;

  const again = await app.request(retry('lost-answer', key));
  assertProblem(t, again, 409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
  t.equal(await app.eventCount(), 1, 'the person was registered once, not twice');
});

t.test('a write refused on a full disk frees its key once the disk takes writes', async (t) => {
  const app = await buildTestApp(t);
  const key = await app.keyFor('admin');
  const { store, idempotency } = app.runtime;
  const append = store.append.bind(store);
  const release = idempotency.release.bind(idempotency);
  const full = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  store.append = async () => {
    throw new StoreUnavailableError(full());
  };
  // Freeing the key is a write too, and the first attempt meets the same full disk.
  let releases = 0;
  idempotency.release = async (...args) => {
    releases += 1;
    if (releases === 1) throw full();
    return release(...args);
  };
  t.teardown(() => {
    store.append = append;
    idempotency.release = release;
  });

  assertProblem(t, await app.request(retry('full-disk', key)), 503, 'STORE_UNAVAILABLE');
  store.append = append;
  const atOnce = await app.request(retry('full-disk', key));
  assertProblem(t, atOnce, 409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
  await new Promise((resolve) => setTimeout(resolve, 1200));

  const later = await app.request(retry('full-disk', key));
  t.equal(later.statusCode, 201, 'a second later the key is free again, and the retry is stored');
  t.equal(await app.eventCount(), 1, 'once');
});
