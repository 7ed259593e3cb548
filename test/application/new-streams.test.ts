import t from 'tap';
import { openLog, recordEntry } from '../../src/application/learning.ts';
import { formTeam, registerPerson } from '../../src/application/people.ts';
import { startReview } from '../../src/application/reviews.ts';
import { WrongExpectedRevisionError } from '../../src/event-store/errors.ts';
import { employee, entryAt } from '../projections/events.ts';
import { openOrganisation } from './organisation.ts';

const noOneElse = { present: { employeeIds: [], others: [] } };

t.test('a stream named by an id just made is not read before it is written', async (t) => {
  const { runtime, services: s, as, admin } = await openOrganisation(t);
  const readEmpty: string[] = [];
  const readStream = runtime.store.readStream.bind(runtime.store);
  runtime.store.readStream = async (stream, options) => {
    const events = await readStream(stream, options);
    if (events.length === 0) readEmpty.push(stream);
    return events;
  };

  const wren = await registerPerson(s, as(admin), {
    kind: 'supported-person',
    displayName: 'Wren Halloway',
    externalRef: null,
  });
  const tobias = await registerPerson(s, as(admin), {
    kind: 'employee',
    displayName: 'Tobias Quill',
    externalRef: null,
  });
  const team = await formTeam(s, as(admin), { name: 'Larkspur House', purpose: null });
  const log = await openLog(s, as(admin), {
    subject: { kind: 'person', personId: wren },
    purpose: 'Mornings',
    reviewRhythm: 'weekly',
  });
  const entry = await recordEntry(
    s,
    as(employee(tobias)),
    log,
    entryAt('2025-03-04T09:00:00Z', noOneElse),
  );
  const review = await startReview(s, as(employee(tobias, 'reviewer')), log, {
    entryIds: [entry],
    participants: [],
    others: [],
  });

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
