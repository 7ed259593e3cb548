import t from 'tap';
import { timeOrderedId } from '../../src/application/time-ordered-ids.ts';
import { uuid } from '../../src/http/schemas.ts';
import { buildTestApp } from '../helpers/app.ts';

const versionOf = (id: string) => id[14];
const millisecondsOf = (id: string) => parseInt(id.replaceAll('-', '').slice(0, 12), 16);

t.test('an id is a version 7 UUID that starts with the instant it was made', async (t) => {
  const now = Date.UTC(2026, 11, 5, 9, 30, 15, 123);
  const id = timeOrderedId(now);

  t.ok(uuid.safeParse(id).success, `${id} is a UUID the API accepts`);
  t.equal(versionOf(id), '7');
  t.match(id[19], /[89ab]/, 'the RFC 9562 variant');
  t.equal(millisecondsOf(id), now);
});

t.test(
  'ids made later sort later, and none repeats across many blocks of random bytes',
  async (t) => {
    const ids: string[] = [];
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 5000; i++) ids.push(timeOrderedId(start + i));

    t.same([...ids].sort(), ids, 'text order is time order');
    t.equal(new Set(ids).size, ids.length, 'all different');

    const sameInstant = Array.from({ length: 5000 }, () => timeOrderedId(start));
    t.equal(new Set(sameInstant).size, sameInstant.length, 'all different within one millisecond');
  },
);

t.test('the service names what it creates, and its requests, with time-ordered ids', async (t) => {
  const { request, runtime } = await buildTestApp(t);
  const before = Date.now();

  const created = await request({
    method: 'POST',
    url: '/people',
    payload: { kind: 'supported-person', displayName: 'Ada Example' },
  });
  const { personId } = created.json();

  t.equal(versionOf(personId), '7', personId);
  t.ok(millisecondsOf(personId) >= before && millisecondsOf(personId) <= Date.now());
  const [registered] = await runtime.store.readStream(`person-${personId}`);
  t.equal(versionOf(registered!.id), '7', 'the event id');
  t.equal(versionOf(registered!.causationId!), '7', 'the request id, its causation');
});
