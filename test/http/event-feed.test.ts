import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { buildScenario, expectStatus } from './fixtures.ts';

t.test('the event feed pages through every event of the organisation', async (t) => {
  const app = await buildTestApp(t);
  await buildScenario(app);
  const stranger = app.keyFor('admin', { tenant: 'another-organisation' });
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
  const total = await app.eventCount();

  const seen: Array<{ position: number; stream: string; type: string }> = [];
  let after = 0;
  let more = true;
  let pages = 0;
  while (more && pages < 100) {
    const page = expectStatus(
      await app.request({ method: 'GET', url: `/events?after=${after}&limit=7` }),
      200,
      'page',
    );
    seen.push(...page.items);
    after = page.next;
    more = page.more;
    pages += 1;
  }

  t.ok(pages > 2, `the feed came in pages (${pages})`);
  t.equal(seen.length, total - 1, "every event but the other organisation's");
  const positions = seen.map((e) => e.position);
  t.same(
    positions,
    [...positions].sort((a, b) => a - b),
    'in global order',
  );
  t.equal(new Set(positions).size, positions.length, 'none twice');
  t.equal(seen[0]!.type, 'PersonRegistered', 'from the first event');
  t.notOk(JSON.stringify(seen).includes('Kit Elsewhere'), 'nothing of another organisation');

  const fromMiddle = expectStatus(
    await app.request({ method: 'GET', url: `/events?after=${positions[9]}&limit=3` }),
    200,
    'middle',
  );
  t.same(
    fromMiddle.items.map((e: { position: number }) => e.position),
    positions.slice(10, 13),
    'after= starts just past the given position',
  );
  t.equal(fromMiddle.next, positions[12], 'and next is the last position of the page');

  const head = expectStatus(
    await app.request({ method: 'GET', url: `/events?after=${after}` }),
    200,
    'head',
  );
  t.same(head.items, [], 'at the head nothing more');
  t.equal(head.next, after, 'and next stays put, ready for the next poll');
  t.equal(head.more, false, 'more says so');
});
