import t, { type Test } from 'tap';
import type { IdempotencyStore, StoredResponse } from '../../src/application/idempotency.ts';
import { storages } from '../helpers/storage.ts';

const scope = 'org-larkspur-support:key:a1b2c3d4e5f6';
const created: StoredResponse = {
  status: 201,
  headers: { location: '/people/wren' },
  body: '{"personId":"wren"}',
};
const noon = new Date('2025-03-10T12:00:00.000Z');
const later = (ms: number) => new Date(noon.getTime() + ms);

for (const [kind, open] of Object.entries(storages)) {
  t.test(`idempotency records on ${kind}`, async (t) =>
    suite(t, async (t) => (await open(t)).idempotency),
  );
}

function suite(t: Test, idempotency: (t: Test) => Promise<IdempotencyStore>): void {
  t.test('the first request claims the key; its retries replay the answer', async (t) => {
    const store = await idempotency(t);

    const first = await store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);
    await store.complete(scope, 'register-wren', 'request-1', created);
    const retry = await store.claim(scope, 'register-wren', 'hash-1', 'request-1', later(5_000));
    const muchLater = await store.claim(
      scope,
      'register-wren',
      'hash-1',
      'request-1',
      later(3_600_000),
    );

    t.strictSame(first, { outcome: 'claimed' }, 'claimed');
    t.strictSame(retry, { outcome: 'replay', response: created }, 'a retry gets the first answer');
    t.strictSame(
      muchLater,
      { outcome: 'replay', response: created },
      'a completed answer never expires by itself',
    );
  });

  t.test('the same key with another body is a mismatch, finished or not', async (t) => {
    const store = await idempotency(t);
    await store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);

    t.strictSame(
      await store.claim(scope, 'register-wren', 'hash-2', 'request-1', later(1_000)),
      { outcome: 'mismatch' },
      'while running',
    );
    t.strictSame(
      await store.claim(scope, 'register-wren', 'hash-2', 'request-1', later(120_000)),
      { outcome: 'mismatch' },
      'even once abandoned',
    );
    await store.complete(scope, 'register-wren', 'request-1', created);
    t.strictSame(
      await store.claim(scope, 'register-wren', 'hash-2', 'request-1', later(2_000)),
      { outcome: 'mismatch' },
      'after completion',
    );
  });

  t.test(
    'a retry while the first is running is in progress until the claim is abandoned after 60 s',
    async (t) => {
      const store = await idempotency(t);
      await store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);

      t.strictSame(
        await store.claim(scope, 'register-wren', 'hash-1', 'request-1', later(1_000)),
        { outcome: 'in-progress' },
        'one second in',
      );
      t.strictSame(
        await store.claim(scope, 'register-wren', 'hash-1', 'request-1', later(60_000)),
        { outcome: 'in-progress' },
        'at exactly 60 s',
      );
      t.strictSame(
        await store.claim(scope, 'register-wren', 'hash-1', 'request-2', later(60_001)),
        { outcome: 'abandoned', requestId: 'request-1' },
        'past 60 s the claim is abandoned, naming the request that made it',
      );
      t.ok(
        await store.takeOver(scope, 'register-wren', 'request-1', 'request-2', later(60_001)),
        'a retry takes it over',
      );
      t.notOk(
        await store.takeOver(scope, 'register-wren', 'request-1', 'request-3', later(60_002)),
        'only one retry can',
      );
      t.strictSame(
        await store.claim(scope, 'register-wren', 'hash-1', 'request-3', later(61_000)),
        { outcome: 'in-progress' },
        'and holds it afresh',
      );
    },
  );

  t.test('keys are scoped: another client may use the same key', async (t) => {
    const store = await idempotency(t);
    await store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);

    t.strictSame(
      await store.claim(
        'org-fennick-care:key:0f0f0f0f0f0f',
        'register-wren',
        'hash-9',
        'request-1',
        noon,
      ),
      { outcome: 'claimed' },
      'another scope',
    );
  });

  t.test('release frees an unfinished claim, never a finished one', async (t) => {
    const store = await idempotency(t);
    await store.claim(scope, 'failed', 'hash-1', 'request-1', noon);
    await store.claim(scope, 'done', 'hash-1', 'request-1', noon);
    await store.complete(scope, 'done', 'request-1', created);

    await store.release(scope, 'failed', 'request-1');
    await store.release(scope, 'done', 'request-1');

    t.strictSame(
      await store.claim(scope, 'failed', 'hash-2', 'request-1', later(1_000)),
      { outcome: 'claimed' },
      'the failed key can be used again, even for another body',
    );
    t.strictSame(
      await store.claim(scope, 'done', 'hash-1', 'request-1', later(1_000)),
      { outcome: 'replay', response: created },
      'the finished answer stays',
    );
  });

  t.test('purge forgets records claimed before an instant', async (t) => {
    const store = await idempotency(t);
    await store.claim(scope, 'old', 'hash-1', 'request-1', noon);
    await store.complete(scope, 'old', 'request-1', created);
    await store.claim(scope, 'new', 'hash-1', 'request-1', later(86_400_000));

    const purged = await store.purge(later(3_600_000));

    t.equal(purged, 1, 'one record purged');
    t.strictSame(
      await store.claim(scope, 'old', 'hash-2', 'request-1', later(86_400_001)),
      { outcome: 'claimed' },
      'the old key is free again',
    );
    t.strictSame(
      await store.claim(scope, 'new', 'hash-1', 'request-1', later(86_400_001)),
      { outcome: 'in-progress' },
      'the new one is kept',
    );
  });

  t.test('the same key claimed at once from two places: one claims, the other waits', async (t) => {
    const store = await idempotency(t);

    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.claim(scope, 'register-wren', 'hash-1', `request-${i}`, noon),
      ),
    );

    t.equal(claims.filter((claim) => claim.outcome === 'claimed').length, 1, 'exactly one claims');
    t.ok(
      claims.every((claim) => claim.outcome === 'claimed' || claim.outcome === 'in-progress'),
      'the others are told it is in progress',
    );
  });

  t.test('an attempt back from the dead cannot undo the claim a retry took over', async (t) => {
    const store = await idempotency(t);
    await store.claim(scope, 'register-wren', 'hash-1', 'request-1', noon);
    await store.takeOver(scope, 'register-wren', 'request-1', 'request-2', later(61_000));

    await store.release(scope, 'register-wren', 'request-1');
    await store.complete(scope, 'register-wren', 'request-1', created);

    t.strictSame(
      await store.claim(scope, 'register-wren', 'hash-1', 'request-3', later(62_000)),
      { outcome: 'in-progress' },
      'the retry still holds the key: the first attempt neither freed nor answered it',
    );
    await store.complete(scope, 'register-wren', 'request-2', created);
    t.strictSame(
      await store.claim(scope, 'register-wren', 'hash-1', 'request-3', later(63_000)),
      { outcome: 'replay', response: created },
      'the retry that holds it answers for it',
    );
  });
}
