import t from 'tap';
import { amendEntry, openLog, recordEntry, withdrawEntry } from '../../src/application/learning.ts';
import { PreconditionFailedError } from '../../src/application/errors.ts';
import { guardedByVersion } from '../../src/application/if-match.ts';
import { registerPerson } from '../../src/application/people.ts';
import { WrongExpectedRevisionError } from '../../src/event-store/errors.ts';
import type { ExpectedRevision } from '../../src/event-store/port.ts';
import { employee, entryAt } from '../projections/events.ts';
import { openOrganisation } from './organisation.ts';

/** An append that records what it was asked to expect. */
function appendRecording(outcome: () => unknown = () => 'appended') {
  const asked: Array<ExpectedRevision | undefined> = [];
  const append = async (expected: ExpectedRevision | undefined) => {
    asked.push(expected);
    return outcome();
  };
  return { asked, append };
}

t.test('without If-Match the append expects what was loaded', async (t) => {
  const { asked, append } = appendRecording();

  t.equal(await guardedByVersion('entry-x', undefined, 4, append), 'appended', 'the append ran');
  t.strictSame(asked, [undefined], 'with no expectation of its own');
});

t.test('If-Match turns a version into the revision to expect', async (t) => {
  const { asked, append } = appendRecording();

  await guardedByVersion('entry-x', 0, 0, append);
  await guardedByVersion('entry-x', 3, 3, append);

  t.strictSame(
    asked,
    ['no-stream', 2],
    'version 0 is a stream not yet written; version 3 is revision 2',
  );
});

t.test('a stale If-Match fails before anything is appended', async (t) => {
  const { asked, append } = appendRecording();

  const error = await guardedByVersion('entry-x', 2, 3, append).catch((caught: unknown) => caught);

  t.type(error, PreconditionFailedError, 'precondition failed');
  t.match(error, { expectedVersion: 2, currentVersion: 3 }, 'naming both versions');
  t.strictSame(asked, [], 'the append never ran');
});

t.test(
  'a race lost to another writer is a failed precondition with the version that won',
  async (t) => {
    const lost = appendRecording(() => {
      throw new WrongExpectedRevisionError('entry-x', 2, 3);
    });
    const broken = appendRecording(() => {
      throw new RangeError('disk on fire');
    });

    const error = await guardedByVersion('entry-x', 3, 3, lost.append).catch(
      (caught: unknown) => caught,
    );

    t.match(
      error,
      { name: 'PreconditionFailedError', expectedVersion: 3, currentVersion: 4 },
      'the stream is at version 4 now',
    );
    await t.rejects(
      guardedByVersion('entry-x', 3, 3, broken.append),
      RangeError,
      'any other error passes through unchanged',
    );
  },
);

t.test('amending and withdrawing an entry honour the version the client read', async (t) => {
  const { services: s, as, admin, runtime } = await openOrganisation(t);
  const wren = await registerPerson(s, as(admin), {
    kind: 'supported-person',
    displayName: 'Wren Halloway',
    externalRef: null,
  });
  const ines = await registerPerson(s, as(admin), {
    kind: 'employee',
    displayName: 'Ines Marlow',
    externalRef: null,
  });
  const log = await openLog(s, as(admin), {
    subject: { kind: 'person', personId: wren },
    purpose: 'Evenings',
    reviewRhythm: 'weekly',
  });
  const entry = await recordEntry(
    s,
    as(employee(ines)),
    log,
    entryAt('2025-03-04T19:00:00Z', { present: { employeeIds: [], others: [] } }),
  );

  const amended = await amendEntry(
    s,
    as(employee(ines)),
    entry,
    { changes: { durationMinutes: 45 }, reason: 'It was shorter.' },
    1,
  );
  const stale = await amendEntry(
    s,
    as(employee(ines)),
    entry,
    { changes: { durationMinutes: 50 }, reason: 'Second thoughts.' },
    1,
  ).catch((e: unknown) => e);
  const head = await runtime.store.headPosition();
  const staleWithdrawal = await withdrawEntry(
    s,
    as(employee(ines)),
    entry,
    'Wrong person.',
    1,
  ).catch((e: unknown) => e);

  t.equal(amended, 2, 'the amendment makes version 2');
  t.match(
    stale,
    { name: 'PreconditionFailedError', expectedVersion: 1, currentVersion: 2 },
    'a second edit of version 1 is refused',
  );
  t.match(
    staleWithdrawal,
    { name: 'PreconditionFailedError', currentVersion: 2 },
    'so is a withdrawal of version 1',
  );
  t.equal(await runtime.store.headPosition(), head, 'nothing appended for the refused withdrawal');
  t.equal(
    await withdrawEntry(s, as(employee(ines)), entry, 'Wrong person.', 2),
    3,
    'with the current version it goes through',
  );
});

t.test('a conflict on another stream the append rested on stays a conflict', async (t) => {
  const elsewhere = appendRecording(() => {
    throw new WrongExpectedRevisionError('review-y', 4, 5);
  });

  await t.rejects(
    guardedByVersion('entry-x', 3, 3, elsewhere.append),
    { name: 'WrongExpectedRevisionError', stream: 'review-y' },
    'not a failed precondition of the document',
  );
});
