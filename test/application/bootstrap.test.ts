import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import { bootstrapAdminKey } from '../../src/bootstrap.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { openRuntime } from '../../src/runtime.ts';

t.test('the first start makes one admin key, prints it once, and records its issue', async (t) => {
  const runtime = await openRuntime(
    { databaseFile: ':memory:', readModelWaitMs: 2000 },
    pino({ level: 'silent' }),
  );
  t.teardown(() => runtime.close());
  let printed = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      printed += chunk.toString();
      done();
    },
  });

  await bootstrapAdminKey(runtime, out);
  await bootstrapAdminKey(runtime, out);

  const keys = printed.match(/ll_[0-9a-f]{12}_[0-9a-f]{48}/g) ?? [];
  t.equal(keys.length, 1, 'one key, printed once');
  const events = await runtime.store.readAll({ after: logStart, limit: 10 });
  t.match(
    events,
    [
      {
        type: 'ApiKeyIssued',
        actor: { id: 'system:bootstrap' },
        data: { prefix: keys[0]!.split('_')[1], role: 'admin', holder: { kind: 'system' } },
      },
    ],
    'and its issue is recorded once, by the first start',
  );
  t.equal(events.length, 1, 'nothing more');
  t.match(events[0]!.causationId, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'under a time-ordered request id');
});
