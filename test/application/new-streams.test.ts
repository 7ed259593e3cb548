import t from 'tap';
import { openLog } from '../../src/application/learning.ts';
import { registerPerson } from '../../src/application/people.ts';
import { WrongExpectedRevisionError } from '../../src/event-store/errors.ts';
import { larkspurStarted, openOrganisation } from './organisation.ts';

t.test('a stream named by an id just made is not read before it is written', async (t) => {
  const organisation = await openOrganisation(t);
  const { runtime, services: s, as, admin } = organisation;
  const readEmpty: string[] = [];
  const readStream = runtime.store.readStream.bind(runtime.store);
  runtime.store.readStream = async (stream, options) => {
    const events = await readStream(stream, options);
    if (events.length === 0) readEmpty.push(stream);
    return events;
  };

  const { team, review } = await larkspurStarted(organisation);
  t.ok(team && review, 'a team formed and a review started');
  t.same(readEmpty, [], 'people, a team, a log, an entry and a review: no stream read empty');

  await registerPerson(s, as(admin), {
    kind: 'supported-person',
    displayName: 'Nia Example',
    externalRef: 'care-record-7',
  });
  t.equal(
    readEmpty.length,
    1,
    'an id derived from an external reference may be taken, so its stream is read',
  );
});

t.test(
  'should a new id name a stream that exists, the write is refused and nothing is lost',
  async (t) => {
    const organisation = await openOrganisation(t);
    const { runtime, as, admin } = organisation;
    const s = { ...organisation.services, newId: () => 'a7f1c0de-0000-7000-8000-000000000001' };
    const wren = await registerPerson(organisation.services, as(admin), {
      kind: 'supported-person',
      displayName: 'Wren Halloway',
      externalRef: null,
    });
    const opened = {
      subject: { kind: 'person' as const, personId: wren },
      reviewRhythm: 'weekly' as const,
    };
    const log = await openLog(s, as(admin), { ...opened, purpose: 'Mornings' });

    await t.rejects(
      openLog(s, as(admin), { ...opened, purpose: 'Evenings' }),
      WrongExpectedRevisionError,
    );
    const stored = await runtime.store.readStream(`log-${log}`);
    t.equal(stored.length, 1, 'the first log stands alone');
  },
);
