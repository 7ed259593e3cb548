import t from 'tap';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { erasedText } from '../../src/personal-data/keyring.ts';
import { buildTestApp } from '../helpers/app.ts';
import {
  activityTimes,
  applyInsight,
  assertRefusals,
  buildScenario,
  entryBody,
  expectStatus,
  marked,
} from './fixtures.ts';

/** Values the scenario writes about people other than the one erased: they must stay readable. */
const others =
  /Bram Placeholder|Cass Madeup|Dov Invented|emp-fiction|Harbour Street|Support at home/;

t.test(
  'erasing a person seals their details away for good, and leaves the log whole',
  async (t) => {
    const app = await buildTestApp(t);

    const { say, seeded } = marked('erasez');
    const s = await buildScenario(app, say);
    expectStatus(await applyInsight(app, s, 0, say('Choosing my own locker')), 201, 'applied');
    const theirs = seeded.filter((value) => !others.test(value));
    const kept = seeded.filter((value) => others.test(value));

    const auditor = await app.keyFor('auditor');
    const admin = await app.keyFor('admin');
    const reviewer = s.reviewerKey;
    const reads: Array<[string, string]> = [
      [`/people/${s.personId}`, reviewer],
      [s.profileUrl, reviewer],
      [`${s.profileUrl}/versions`, reviewer],
      [`${s.profileUrl}/versions/1`, reviewer],
      [`${s.profileUrl}/audit-trail`, reviewer],
      [`/learning-logs/${s.logId}`, reviewer],
      [`/learning-logs/${s.logId}/entries`, reviewer],
      [`/entries/${s.entryIds[0]}`, reviewer],
      [`/entries/${s.entryIds[0]}/audit-trail`, reviewer],
      [`/reviews/${s.reviewId}`, reviewer],
      ['/events?limit=1000', auditor],
      [`/people/${s.personId}/subject-access`, admin],
    ];
    const readAll = async () => {
      const answers: string[] = [];
      for (const [url, key] of reads) {
        const response = await app.request({ method: 'GET', url, key });
        // The export's time and its list of reads change with every read; the rest must not.
        const { generatedAt: _, reads: __, ...answer } = expectStatus(response, 200, url);
        answers.push(JSON.stringify(answer));
      }
      return answers.join('\n');
    };
    const storedEvents = async () => app.runtime.store.readAll({ after: logStart, limit: 10_000 });

    const before = await readAll();
    t.ok(
      theirs.every((value) => before.includes(value)),
      'before: everything written about the person reads as written',
    );
    const stored = JSON.stringify(await storedEvents());
    t.notOk(
      seeded
        .filter((value) => !/Harbour Street|Support at home/.test(value))
        .some((value) => stored.includes(value)),
      'the event log holds every person’s details sealed, never in the open',
    );
    const models = JSON.stringify(
      await Promise.all(
        app.runtime.projector.names.map((name) => app.runtime.readStore.dump(name)),
      ),
    );
    t.notOk(
      theirs.some((value) => models.includes(value)),
      'and so do the read models',
    );

    const eventsBefore = (await storedEvents()).map((event) => `${event.position} ${event.id}`);
    const erased = expectStatus(
      await app.request({
        method: 'POST',
        url: `/people/${s.personId}/erasure`,
        payload: { reason: 'Erasure request ER-0042.' },
      }),
      200,
      'erase',
    );
    t.equal(erased.displayName, erasedText, 'the answer shows the person erased');
    t.ok(Date.parse(erased.erasedAt) > 0, 'with when');

    const after = await readAll();
    t.same(
      theirs.filter((value) => after.includes(value)),
      [],
      'after: nothing written about the person can be read, by any route',
    );
    t.ok(after.includes(erasedText), 'the placeholder stands in its place');
    t.ok(
      kept.filter((value) => before.includes(value)).every((value) => after.includes(value)),
      'what others wrote about themselves, and the team, still reads',
    );

    const eventsAfter = await storedEvents();
    t.same(
      eventsAfter.slice(0, -1).map((event) => `${event.position} ${event.id}`),
      eventsBefore,
      'the event log keeps every event, in its order',
    );
    t.match(
      eventsAfter.at(-1),
      { type: 'PersonErased', data: { personId: s.personId, reason: 'Erasure request ER-0042.' } },
      'and records the erasure with its reason',
    );

    await app.runtime.projector.rebuild();
    t.equal(await readAll(), after, 'rebuilding the read models gives the same erased view');

    t.same(
      expectStatus(
        await app.request({
          method: 'GET',
          url: `/people?externalRef=${encodeURIComponent(theirs.find((v) => v.startsWith('sp-fiction'))!)}`,
          key: reviewer,
        }),
        200,
        'look-up',
      ).items,
      [],
      'their reference no longer finds them',
    );

    await assertRefusals(t, app, [
      {
        name: 'nothing more is recorded about them',
        method: 'POST',
        url: `/learning-logs/${s.logId}/entries`,
        key: s.employeeKeys[0],
        payload: entryBody((what) => what, activityTimes[2]),
        status: 409,
        code: 'PERSON_ERASED',
      },
      {
        name: 'an erasure is done once',
        method: 'POST',
        url: `/people/${s.personId}/erasure`,
        payload: { reason: 'Again.' },
        status: 409,
        code: 'PERSON_ERASED',
      },
      {
        name: 'no team takes on their support',
        method: 'POST',
        url: `/teams/${s.teamId}/supported-people`,
        payload: { personId: s.personId },
        status: 409,
        code: 'PERSON_ERASED',
      },
      {
        name: 'no one acknowledges their profile',
        method: 'POST',
        url: `${s.profileUrl}/acknowledgements`,
        key: s.employeeKeys[1],
        payload: { version: 1 },
        status: 409,
        code: 'PERSON_ERASED',
      },
    ]);

    expectStatus(
      await app.request({
        method: 'POST',
        url: `/people/${s.employees[2]}/erasure`,
        payload: { reason: 'Left; asked to be erased.' },
      }),
      200,
      'an employee erased',
    );
    await assertRefusals(t, app, [
      {
        name: 'an erased employee’s keys are revoked with them',
        method: 'GET',
        url: `/people/${s.personId}`,
        key: s.employeeKeys[2],
        status: 401,
        code: 'UNAUTHENTICATED',
      },
      {
        name: 'an erased employee joins no team',
        method: 'POST',
        url: `/teams/${s.teamId}/members`,
        payload: { personId: s.employees[2] },
        status: 409,
        code: 'PERSON_ERASED',
      },
      {
        name: 'gets no key',
        method: 'POST',
        url: '/api-keys',
        payload: {
          role: 'author',
          actor: { kind: 'employee', personId: s.employees[2] },
          label: 'Spare tablet',
        },
        status: 409,
        code: 'PERSON_ERASED',
      },
      {
        name: 'and is named as present by no one',
        method: 'POST',
        url: `/learning-logs/${s.logId}/entries`,
        key: s.employeeKeys[0],
        payload: entryBody((what) => what, activityTimes[2], [s.employees[2]]),
        status: 409,
        code: 'PERSON_ERASED',
      },
    ]);
    const prefix = s.employeeKeys[2].split('_')[1]!;
    t.same(
      (await app.runtime.store.readStream(`api-key-${prefix}`)).map((event) => event.type),
      ['ApiKeyRevoked'],
      'the revocation of their keys is recorded like any other',
    );
  },
);

t.test('only admins erase, with a reason, and only people of their organisation', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const elsewhere = await app.keyFor('admin', { tenant: 'another-organisation' });
  const erase = (payload: object) => ({
    method: 'POST' as const,
    url: `/people/${s.personId}/erasure`,
    payload,
  });

  await assertRefusals(t, app, [
    {
      name: 'a reviewer may not',
      ...erase({ reason: 'Asked.' }),
      key: s.reviewerKey,
      status: 403,
      code: 'FORBIDDEN',
    },
    { name: 'a reason is required', ...erase({}), status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'another organisation’s admin finds no one',
      ...erase({ reason: 'Asked.' }),
      key: elsewhere,
      status: 404,
      code: 'PERSON_NOT_FOUND',
    },
  ]);
});
