import t, { type Test } from 'tap';
import { encodeCursor } from '../../projections/engine/cursor.ts';
import { InvalidCursorError, type EntryFilter } from '../../projections/learning-logs/queries.ts';
import { entryStream } from '../../src/domain/learning-entry.ts';
import { logStream } from '../../src/domain/learning-log.ts';
import { reviewStream } from '../../src/domain/review.ts';
import {
  employee,
  entryAt,
  History,
  id,
  INES,
  LOG,
  ORG,
  OSKAR,
  OTHER_ORG,
  TOBIAS,
  WREN,
} from './events.ts';
import { projected } from './read-models.ts';

const REVIEW = id(40);
// Entry ids 51..56 in activity order: one a day from 3 March, at 10:00 UTC.
const E = [51, 52, 53, 54, 55, 56].map(id);
const day = (n: number, time = '10:00:00Z') => `2025-03-0${n}T${time}`;

function diary(): History {
  const history = new History();
  history.record(logStream(LOG), 'LearningLogOpened', {
    logId: LOG,
    subject: { kind: 'person', personId: WREN },
    purpose: 'Instead of daily notes',
    reviewRhythm: 'weekly',
  });
  // Written out of order, by two authors: Tobias writes the odd days, Ines the even ones.
  for (const n of [5, 3, 8, 4, 6, 7]) {
    const entryId = E[n - 3]!;
    const authorId = n % 2 === 1 ? TOBIAS : INES;
    history.record(
      entryStream(entryId),
      'LearningEntryRecorded',
      { entryId, logId: LOG, authorId, content: entryAt(day(n)) },
      { actor: employee(authorId) },
    );
  }
  const reviewer = { actor: employee(OSKAR, 'reviewer') };
  history.record(
    reviewStream(REVIEW),
    'ReviewStarted',
    { reviewId: REVIEW, logId: LOG, entryIds: [E[0]!, E[1]!], participants: [OSKAR], others: [] },
    reviewer,
  );
  history.record(
    reviewStream(REVIEW),
    'ReviewCompleted',
    { reviewId: REVIEW, logId: LOG, entryIds: [E[0]!, E[1]!] },
    reviewer,
  );
  return history;
}

async function listed(t: Test, filter: Omit<EntryFilter, 'limit'> & { limit?: number }) {
  const { queries } = await projected(t, diary().events);
  const page = await queries.logs.entries(ORG, LOG, { limit: 50, ...filter });
  return page.items.map((entry) => entry.entryId);
}

t.test('filters by activity time, author and review', async (t) => {
  t.strictSame(await listed(t, {}), E, 'no filter: every entry in activity order');
  t.strictSame(
    await listed(t, { from: day(4), to: day(6) }),
    [E[1], E[2]],
    'from inclusive, to exclusive',
  );
  t.strictSame(
    await listed(t, { from: '2025-03-04T11:00:00+01:00' }),
    E.slice(1),
    'an offset in the filter is the same instant',
  );
  t.strictSame(await listed(t, { authorId: INES }), [E[1], E[3], E[5]], 'only what Ines wrote');
  t.strictSame(await listed(t, { reviewed: true }), [E[0], E[1]], 'reviewed entries');
  t.strictSame(
    await listed(t, { reviewed: false, authorId: TOBIAS }),
    [E[2], E[4]],
    'filters combine',
  );
});

t.test('pages follow each other through the cursor', async (t) => {
  const { queries } = await projected(t, diary().events);

  const first = await queries.logs.entries(ORG, LOG, { limit: 4 });
  const second = await queries.logs.entries(ORG, LOG, { limit: 4, after: first.next! });
  const exact = await queries.logs.entries(ORG, LOG, { limit: 4, reviewed: false });

  t.strictSame(
    first.items.map((e) => e.entryId),
    E.slice(0, 4),
    'first page',
  );
  t.type(first.next, 'string', 'a cursor to the next page');
  t.strictSame(
    second.items.map((e) => e.entryId),
    E.slice(4),
    'second page carries on where the first stopped',
  );
  t.equal(second.next, null, 'no cursor after the last page');
  t.equal(exact.items.length, 4, 'a page exactly as long as what is left');
  t.equal(exact.next, null, 'no cursor when nothing is left');
  t.equal(first.items[0]?.content.place, 'Harbour Road café', 'items are whole entries');
});

t.test('a cursor that this list never gave out is refused', async (t) => {
  const { queries } = await projected(t, diary().events);
  const wrongShape = Buffer.from(JSON.stringify({ occurredAt: day(4) })).toString('base64url');

  await t.rejects(
    queries.logs.entries(ORG, LOG, { limit: 2, after: 'not-a-cursor' }),
    InvalidCursorError,
    'garbage',
  );
  await t.rejects(
    queries.logs.entries(ORG, LOG, { limit: 2, after: wrongShape }),
    InvalidCursorError,
    'JSON of another shape',
  );
  await t.rejects(
    queries.logs.entries(ORG, LOG, { limit: 2, after: encodeCursor(['only-one']) }),
    InvalidCursorError,
    'too few parts',
  );

  const next = (await queries.logs.entries(ORG, LOG, { limit: 2 })).next!;
  const [, occurredAt, entryId] = JSON.parse(Buffer.from(next, 'base64url').toString()) as string[];
  const forged = (parts: string[]) =>
    queries.logs.entries(ORG, LOG, { limit: 2, after: encodeCursor(parts) });
  await t.rejects(
    forged([id(99), occurredAt!, entryId!]),
    InvalidCursorError,
    "another log's cursor",
  );
  await t.rejects(
    forged([LOG, `${occurredAt}\u0000`, entryId!]),
    InvalidCursorError,
    'a NUL in it',
  );
  await t.rejects(
    forged([LOG, '2025-03-04T10:00:00Z', entryId!]),
    InvalidCursorError,
    'an instant not as given out',
  );
  await t.rejects(forged([LOG, occurredAt!, 'x']), InvalidCursorError, 'an entry id that is none');
  t.equal(
    (await forged([LOG, occurredAt!, entryId!])).items.length,
    2,
    'the cursor as given out works',
  );
});

t.test('entries written between two pages neither repeat nor push others off', async (t) => {
  const history = diary();
  const { queries, append } = await projected(t, history.events);
  const first = await queries.logs.entries(ORG, LOG, { limit: 2 });
  const written = history.events.length;

  const early = id(61); // before the cursor: belongs to the page already read
  const tie = id(62); // same instant as the last item read, larger id: comes after it
  const middle = id(63); // between two entries still to come
  for (const [entryId, at] of [
    [early, day(3, '08:00:00Z')],
    [tie, day(4)],
    [middle, day(6, '12:00:00Z')],
  ] as const) {
    history.record(
      entryStream(entryId),
      'LearningEntryRecorded',
      { entryId, logId: LOG, authorId: INES, content: entryAt(at) },
      { actor: employee(INES) },
    );
  }
  await append(history.events.slice(written));
  const rest = await queries.logs.entries(ORG, LOG, { limit: 50, after: first.next! });

  t.strictSame(
    first.items.map((e) => e.entryId),
    [E[0], E[1]],
    'first page read before the new entries',
  );
  t.strictSame(
    rest.items.map((e) => e.entryId),
    [tie, E[2], E[3], middle, E[4], E[5]],
    'the rest, new ones in their place',
  );
});

t.test('another organisation, or an unknown log, lists nothing', async (t) => {
  const { queries } = await projected(t, diary().events);

  t.strictSame(
    await queries.logs.entries(OTHER_ORG, LOG, { limit: 10 }),
    { items: [], next: null },
    'other organisation',
  );
  t.strictSame(
    await queries.logs.entries(ORG, id(29), { limit: 10 }),
    { items: [], next: null },
    'unknown log',
  );
  t.equal(await queries.logs.entry(OTHER_ORG, E[0]!), undefined, 'nor a single entry');
});

t.test('unreviewed entries up to a date leave out reviewed and withdrawn ones', async (t) => {
  const history = diary();
  history.record(
    entryStream(E[3]!),
    'LearningEntryWithdrawn',
    { entryId: E[3]!, logId: LOG, withdrawnBy: INES, reason: 'Duplicate.' },
    { actor: employee(INES) },
  );
  const { queries } = await projected(t, history.events);

  const due = await queries.logs.unreviewedUpTo(ORG, LOG, day(7));

  t.strictSame(
    due.map((item) => item.entryId),
    [E[2], E[4]],
    'the 5th and 7th: not the reviewed, not the withdrawn 6th, not the 8th',
  );
});
