import t from 'tap';
import { foldProjection } from '../../projections/engine/projection.ts';
import { learningLogsProjection } from '../../projections/learning-logs/projection.ts';
import type { EntryIndexItem } from '../../projections/learning-logs/views.ts';
import type { EntryContent } from '../../src/domain/events.ts';
import { entryStream } from '../../src/domain/learning-entry.ts';
import { logStream } from '../../src/domain/learning-log.ts';
import { reviewStream } from '../../src/domain/review.ts';
import {
  clock,
  employee,
  entryAt,
  History,
  id,
  INES,
  LOG,
  ORG,
  OSKAR,
  TOBIAS,
  WREN,
} from './events.ts';

const A = id(31);
const B = id(32);
const C = id(33);
const REVIEW = id(40);

const cafe = entryAt('2025-03-04T10:00:00+00:00');
// An hour ahead of UTC: 17:30Z, so it comes before the café in activity order.
const bath = entryAt('2025-03-03T18:30:00+01:00', {
  place: 'At home',
  activity: 'Evening bath',
  whatWorked: 'Tea and the radio before the bath kept the evening calm.',
  whatDidNotWork: 'Asking twice about tomorrow; she walked out.',
  learned: 'Say the plan once and show the picture card.',
});
const bus = entryAt('2025-03-05T09:00:00Z', {
  place: 'Number 12 bus',
  activity: 'Bus to the library',
});
const cafeAmended = {
  ...cafe,
  occurredAt: '2025-03-02T10:00:00Z',
  whatWorked: 'She chose the window table and paid herself.',
};

function story(): History {
  const history = new History({ actor: employee(OSKAR, 'reviewer') });
  const by = (personId: string) => ({ actor: employee(personId) });
  const write = (entryId: string, authorId: string, content: EntryContent) =>
    history.record(
      entryStream(entryId),
      'LearningEntryRecorded',
      { entryId, logId: LOG, authorId, content },
      by(authorId),
    );

  history.record(logStream(LOG), 'LearningLogOpened', {
    logId: LOG,
    subject: { kind: 'person', personId: WREN },
    purpose: 'Learn what makes outings go well for Wren.',
    reviewRhythm: 'fortnightly',
  });
  write(A, TOBIAS, cafe);
  write(B, INES, bath);
  write(C, TOBIAS, bus);
  const amendment = { amendedBy: TOBIAS, content: cafeAmended, reason: 'Wrong day, and she paid.' };
  history.record(
    entryStream(A),
    'LearningEntryAmended',
    { entryId: A, logId: LOG, ...amendment },
    by(TOBIAS),
  );
  const withdrawal = { withdrawnBy: TOBIAS, reason: 'Written in the wrong log.' };
  history.record(
    entryStream(C),
    'LearningEntryWithdrawn',
    { entryId: C, logId: LOG, ...withdrawal },
    by(TOBIAS),
  );
  const covering = { reviewId: REVIEW, logId: LOG, entryIds: [A, B] };
  history.record(reviewStream(REVIEW), 'ReviewStarted', {
    ...covering,
    participants: [OSKAR],
    others: [],
  });
  history.record(reviewStream(REVIEW), 'ReviewCompleted', covering);
  const reason = 'Outings now follow the profile.';
  history.record(logStream(LOG), 'LearningLogClosed', { logId: LOG, reason });
  return history;
}

const item = (
  entryId: string,
  occurredAt: string,
  authorId: string,
  reviewed = false,
  withdrawn = false,
): EntryIndexItem => ({
  entryId,
  occurredAt,
  authorId,
  reviewed,
  withdrawn,
});

/** A log's list as a range of keys gives it: the documents under a prefix, in key order. */
const listUnder = (docs: Map<string, Record<string, unknown>>, prefix: string) =>
  [...docs]
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, doc]) => doc);

t.test('the entry list is ordered by activity time, not by time of writing', async (t) => {
  const docs = foldProjection(learningLogsProjection, story().events.slice(0, 4));

  const lines = [
    item(B, '2025-03-03T17:30:00.000Z', INES),
    item(A, '2025-03-04T10:00:00.000Z', TOBIAS),
    item(C, '2025-03-05T09:00:00.000Z', TOBIAS),
  ];
  t.strictSame(
    listUnder(docs, `entry-of:${LOG}:`),
    lines,
    'bath (written second) first, offsets normalised to UTC',
  );
  t.strictSame(listUnder(docs, `waiting-in:${LOG}:`), lines, 'all three wait for a review');
  t.equal(docs.get(`log:${LOG}`)?.['entryCount'], 3, 'three entries counted');
  t.equal(docs.get(`log:${LOG}`)?.['unreviewedEntries'], 3, 'three waiting');
});

t.test('amendment, withdrawal, review and closing, document by document', async (t) => {
  const docs = foldProjection(learningLogsProjection, story().events);

  t.strictSame(
    docs.get(`log:${LOG}`),
    {
      logId: LOG,
      tenant: ORG,
      subject: { kind: 'person', personId: WREN },
      purpose: 'Learn what makes outings go well for Wren.',
      reviewRhythm: 'fortnightly',
      status: 'closed',
      openedAt: clock(1),
      openedBy: OSKAR,
      closedAt: clock(9),
      closeReason: 'Outings now follow the profile.',
      entryCount: 3,
      unreviewedEntries: 0,
      reviewIds: [REVIEW],
      lastReviewedAt: clock(8),
    },
    'the log: closed, three entries (none waiting), one review',
  );

  t.strictSame(
    listUnder(docs, `entry-of:${LOG}:`),
    [
      item(A, '2025-03-02T10:00:00.000Z', TOBIAS, true),
      item(B, '2025-03-03T17:30:00.000Z', INES, true),
      item(C, '2025-03-05T09:00:00.000Z', TOBIAS, false, true),
    ],
    'amended café moved first; reviewed entries marked; withdrawn bus still listed',
  );
  t.strictSame(
    listUnder(docs, `waiting-in:${LOG}:`),
    [],
    'nothing waits: two reviewed, one withdrawn',
  );

  t.strictSame(
    docs.get(`entry:${A}`),
    {
      entryId: A,
      logId: LOG,
      tenant: ORG,
      authorId: TOBIAS,
      writtenAt: clock(2),
      version: 2,
      content: cafeAmended,
      original: cafe,
      amendments: [
        {
          amendedBy: TOBIAS,
          amendedAt: clock(5),
          reason: 'Wrong day, and she paid.',
          content: cafeAmended,
        },
      ],
      withdrawal: null,
      reviewedIn: [REVIEW],
    },
    'the amended entry keeps its original and who amended it and why',
  );

  t.strictSame(
    docs.get(`entry:${C}`),
    {
      entryId: C,
      logId: LOG,
      tenant: ORG,
      authorId: TOBIAS,
      writtenAt: clock(4),
      version: 2,
      content: bus,
      original: bus,
      amendments: [],
      withdrawal: {
        withdrawnBy: TOBIAS,
        withdrawnAt: clock(6),
        reason: 'Written in the wrong log.',
      },
      reviewedIn: [],
    },
    'the withdrawn entry stays, with who withdrew it and why',
  );

  t.strictSame(docs.get(`entry:${B}`)?.['reviewedIn'], [REVIEW], 'the bath entry was reviewed');
  t.strictSame(
    docs.get(`logs-of:${ORG}`),
    { tenant: ORG, logIds: [LOG] },
    "the organisation's list of logs",
  );
  t.equal(
    docs.size,
    8,
    "a log, three entries, their three lines and the organisation's list; nothing else",
  );
});

t.test('entries at the same instant are ordered by id, whatever the offset', async (t) => {
  const history = new History();
  history.record(logStream(LOG), 'LearningLogOpened', {
    logId: LOG,
    subject: { kind: 'person', personId: WREN },
    purpose: 'Mornings',
    reviewRhythm: 'weekly',
  });
  history.record(entryStream(B), 'LearningEntryRecorded', {
    entryId: B,
    logId: LOG,
    authorId: INES,
    content: entryAt('2025-03-04T10:00:00+01:00'),
  });
  history.record(entryStream(A), 'LearningEntryRecorded', {
    entryId: A,
    logId: LOG,
    authorId: TOBIAS,
    content: entryAt('2025-03-04T09:00:00Z'),
  });

  const docs = foldProjection(learningLogsProjection, history.events);

  t.strictSame(
    listUnder(docs, `entry-of:${LOG}:`),
    [item(A, '2025-03-04T09:00:00.000Z', TOBIAS), item(B, '2025-03-04T09:00:00.000Z', INES)],
    'same instant: the smaller entry id first',
  );
});
