import t, { type Test } from 'tap';
import { IdempotencyStore, type StoredResponse } from '../../src/application/idempotency.ts';
import { openSqliteDatabase } from '../../src/event-store/sqlite.ts';

const scope = 'org-larkspur-support:key:a1b2c3d4e5f6';
const created: StoredResponse = {
  status: 201,
  headers: { location: '/people/wren' },
  body: '{"personId":"wren"}',
};
const noon = new Date('2025-03-10T12:00:00.000Z');
const later = (ms: number) => new Date(noon.getTime() + ms);

function idempotency(t: Test) {
  const db = openSqliteDatabase(':memory:');
  t.teardown(() => db.close());
  return new IdempotencyStore(db);
}

t.test('the first request claims the key; its retries replay the answer', async (t) => {
  const store = idempotency(t);

  const first = store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);
  store.complete(scope, 'register-wren', created);
  const retry = store.claim(scope, 'register-wren', 'hash-1', 'request-1', later(5_000));
  const muchLater = store.claim(scope, 'register-wren', 'hash-1', 'request-1', later(3_600_000));

  t.strictSame(first, { outcome: 'claimed' }, 'claimed');
  t.strictSame(retry, { outcome: 'replay', response: created }, 'a retry gets the first answer');
  t.strictSame(
    muchLater,
    { outcome: 'replay', response: created },
    'a completed answer never expires by itself',
  );
});

t.test('the same key with another body is a mismatch, finished or not', async (t) => {
  const store = idempotency(t);
  store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);

  t.strictSame(
    store.claim(scope, 'register-wren', 'hash-2', 'request-1', later(1_000)),
    { outcome: 'mismatch' },
    'while running',
  );
  t.strictSame(
    store.claim(scope, 'register-wren', 'hash-2', 'request-1', later(120_000)),
    { outcome: 'mismatch' },
    'even once abandoned',
  );
  store.complete(scope, 'register-wren', created);
  t.strictSame(
    store.claim(scope, 'register-wren', 'hash-2', 'request-1', later(2_000)),
    { outcome: 'mismatch' },
    'after completion',
  );
});

t.test(
  'a retry while the first is running is in progress until the claim is abandoned after 60 s',
  async (t) => {
    const store = idempotency(t);
    store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);

    t.strictSame(
      store.claim(scope, 'register-wren', 'hash-1', 'request-1', later(1_000)),
      { outcome: 'in-progress' },
      'one second in',
    );
    t.strictSame(
      store.claim(scope, 'register-wren', 'hash-1', 'request-1', later(60_000)),
      { outcome: 'in-progress' },
      'at exactly 60 s',
    );
    t.strictSame(
      store.claim(scope, 'register-wren', 'hash-1', 'request-2', later(60_001)),
      { outcome: 'abandoned', requestId: 'request-1' },
      'past 60 s the claim is abandoned, naming the request that made it',
    );
    t.ok(
      store.takeOver(scope, 'register-wren', 'request-1', 'request-2', later(60_001)),
      'a retry takes it over',
    );
    t.notOk(
      store.takeOver(scope, 'register-wren', 'request-1', 'request-3', later(60_002)),
      'only one retry can',
    );
    t.strictSame(
      store.claim(scope, 'register-wren', 'hash-1', 'request-3', later(61_000)),
      { outcome: 'in-progress' },
      'and holds it afresh',
    );
  },
);

t.test('keys are scoped: another client may use the same key', async (t) => {
  const store = idempotency(t);
  store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);

  t.strictSame(
    store.claim('org-fennick-care:key:0f0f0f0f0f0f', 'register-wren', 'hash-9', 'request-1', noon),
    { outcome: 'claimed' },
    'another scope',
  );
});

t.test('release frees an unfinished claim, never a finished one', async (t) => {
  const store = idempotency(t);
  store.claim(scope, 'failed', 'hash-1', 'request-1', noon);
  store.claim(scope, 'done', 'hash-1', 'request-1', noon);
  store.complete(scope, 'done', created);

  store.release(scope, 'failed');
  store.release(scope, 'done');

  t.strictSame(
    store.claim(scope, 'failed', 'hash-2', 'request-1', later(1_000)),
    { outcome: 'claimed' },
    'the failed key can be used again, even for another body',
  );
  t.strictSame(
    store.claim(scope, 'done', 'hash-1', 'request-1', later(1_000)),
    { outcome: 'replay', response: created },
    'the finished answer stays',
  );
});

t.test('purge forgets records claimed before an instant', async (t) => {
  const store = idempotency(t);
  store.claim(scope, 'old', 'hash-1', 'request-1', noon);
  store.complete(scope, 'old', created);
  store.claim(scope, 'new', 'hash-1', 'request-1', later(86_400_000));

  const purged = store.purge(later(3_600_000));

  t.equal(purged, 1, 'one record purged');
  t.strictSame(
    store.claim(scope, 'old', 'hash-2', 'request-1', later(86_400_001)),
    { outcome: 'claimed' },
    'the old key is free again',
  );
  t.strictSame(
    store.claim(scope, 'new', 'hash-1', 'request-1', later(86_400_001)),
    { outcome: 'in-progress' },
    'the new one is kept',
  );
});
