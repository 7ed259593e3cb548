import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { buildScenario, expectStatus } from './fixtures.ts';

t.test('the event feed pages through every event of the organisation', async (t) => {
  const app = await buildTestApp(t);
  const stranger = await app.keyFor('admin', { tenant: 'another-organisation' });
  // Written first, so that it lies where the feed's first page would be.
  expectStatus(
    await app.request({
      method: 'POST',
      url: '/people',
      key: stranger,
      payload: { kind: 'employee', displayName: 'Kit Elsewhere' },
    }),
    201,
    'elsewhere',
  );
  await buildScenario(app);
  const total = await app.eventCount();

  const seen: Array<{ id: string; position: number; stream: string; type: string }> = [];
  const cursors: string[] = [];
  const sizes: number[] = [];
  let after = '0';
  let more = true;
  let pages = 0;
  while (more && pages < 100) {
    const page = expectStatus(
      await app.request({ method: 'GET', url: `/events?after=${after}&limit=7` }),
      200,
      'page',
    );
    seen.push(...page.items);
    sizes.push(page.items.length);
    after = page.next;
    cursors.push(after);
    more = page.more;
    pages += 1;
  }

  t.ok(pages > 2, `the feed came in pages (${pages})`);
  t.ok(
    sizes.slice(0, -1).every((size) => size === 7),
    "every page but the last is full: another organisation's events take no room",
  );
  t.equal(seen.length, total - 1, "every event but the other organisation's");
  const positions = seen.map((e) => e.position);
  if (app.runtime.storage.kind === 'sqlite') {
    t.same(
      positions,
      [...positions].sort((a, b) => a - b),
      'in position order',
    );
    t.same(cursors[0], String(positions[6]), 'on SQLite a cursor is the last position of a page');
  }
  t.equal(new Set(positions).size, positions.length, 'none twice');
  t.equal(seen[0]!.type, 'PersonRegistered', 'from the first event of its own');
  t.notOk(JSON.stringify(seen).includes('Kit Elsewhere'), 'nothing of another organisation');

  const fromMiddle = expectStatus(
    await app.request({ method: 'GET', url: `/events?after=${cursors[1]}&limit=3` }),
    200,
    'middle',
  );
  t.same(
    fromMiddle.items.map((e: { id: string }) => e.id),
    seen.slice(14, 17).map((e) => e.id),
    'after= starts just past the cursor it was given',
  );
  const onward = expectStatus(
    await app.request({ method: 'GET', url: `/events?after=${fromMiddle.next}&limit=1` }),
    200,
    'onward',
  );
  t.same(onward.items[0]?.id, seen[17]?.id, 'and its next picks up right after the page');

  const head = expectStatus(
    await app.request({ method: 'GET', url: `/events?after=${after}` }),
    200,
    'head',
  );
  t.same(head.items, [], 'at the head nothing more');
  t.equal(head.next, after, 'and next stays put, ready for the next poll');
  t.equal(head.more, false, 'more says so');
});
