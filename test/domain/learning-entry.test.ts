import t from 'tap';
import { event, type EntryContent } from '../../src/domain/events.ts';
import {
  amendmentLimit,
  entryStream,
  learningEntry,
  type LearningEntryCommand,
} from '../../src/domain/learning-entry.ts';
import { learningLog } from '../../src/domain/learning-log.ts';
import { given } from './given.ts';

const LOG = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c01';
const ENTRY = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c02';
const MARGO = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c03';
const PRIYA = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c04';
const DEREK = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c05';

const logOpened = event('LearningLogOpened', {
  logId: LOG,
  subject: { kind: 'person', personId: MARGO },
  purpose: 'Learn what makes swimming mornings go well for Margo.',
  reviewRhythm: 'fortnightly',
});
const logClosed = event('LearningLogClosed', { logId: LOG, reason: null });
const openLog = given(learningLog, [logOpened]).state;
const closedLog = given(learningLog, [logOpened, logClosed]).state;

const poolMorning: EntryContent = {
  occurredAt: '2025-03-04T10:00:00+00:00',
  durationMinutes: 90,
  place: 'Leisure-centre pool',
  activity: 'Swimming',
  present: { employeeIds: [PRIYA, DEREK], others: [] },
  whatWorked: 'She went in by the quieter side door and chose her own locker.',
  whatDidNotWork:
    'The changing room was full of a school group; she waited outside for twenty minutes.',
  learned: 'Weekday mornings before ten are calm.',
  nextTime: 'Go before ten and ask reception about school bookings.',
  participation: 'She picked the locker and the towel herself.',
  importantTo: 'Choosing for herself.',
  importantFor: null,
};
const amendedMorning: EntryContent = {
  ...poolMorning,
  durationMinutes: 80,
  whatWorked:
    'She went in by the quieter side door, chose her own locker and laughed at the water jets.',
};

const recorded = event('LearningEntryRecorded', {
  entryId: ENTRY,
  logId: LOG,
  authorId: PRIYA,
  content: poolMorning,
});
const amended = event('LearningEntryAmended', {
  entryId: ENTRY,
  logId: LOG,
  amendedBy: PRIYA,
  content: amendedMorning,
  reason: 'Forgot the water jets, and the time was wrong.',
});
const withdrawn = event('LearningEntryWithdrawn', {
  entryId: ENTRY,
  logId: LOG,
  withdrawnBy: DEREK,
  reason: 'Written in the wrong log.',
});

const recordIn = (log: typeof openLog): LearningEntryCommand => ({
  type: 'RecordEntry',
  entryId: ENTRY,
  logId: LOG,
  log,
  authorId: PRIYA,
  content: poolMorning,
});
const amend = (changes: Partial<EntryContent>, reason: string): LearningEntryCommand => ({
  type: 'AmendEntry',
  entryId: ENTRY,
  amendedBy: PRIYA,
  changes,
  reason,
});
const addTheJets = amend(
  { durationMinutes: 80, whatWorked: amendedMorning.whatWorked },
  amended.data.reason,
);
const timetableLearned =
  'Weekday mornings before ten are calm; the school group comes on Tuesdays.';
const addTheTimetable = amend(
  { learned: timetableLearned },
  'Reception told us the school timetable.',
);

const withdrawBy = (withdrawnBy: string, byReviewer: boolean): LearningEntryCommand => ({
  type: 'WithdrawEntry',
  entryId: ENTRY,
  withdrawnBy,
  byReviewer,
  reason: withdrawn.data.reason,
});
/** Derek reviews the log: he may withdraw Priya's entry. */
const withdraw = withdrawBy(DEREK, true);

t.test('recording an entry', async (t) => {
  t.same(
    given(learningEntry).when(recordIn(openLog)),
    [recorded],
    'an entry is recorded in an open log',
  );
  t.equal(
    given(learningEntry).when(recordIn(closedLog)),
    'LOG_CLOSED',
    'a closed log takes no new entries',
  );
});

t.test('amending an entry keeps the original and records who amended it and why', async (t) => {
  t.same(
    given(learningEntry, [recorded]).when(addTheJets),
    [amended],
    'the amendment carries the whole entry as amended, its log, author and reason',
  );
  t.same(
    given(learningEntry, [recorded, amended]).when(addTheTimetable),
    [
      event('LearningEntryAmended', {
        ...amended.data,
        content: { ...amendedMorning, learned: timetableLearned },
        reason: 'Reception told us the school timetable.',
      }),
    ],
    'a second amendment builds on the first and keeps its corrections',
  );
  t.same(
    given(learningEntry, [recorded]).when(amend({ importantTo: null }, 'Nobody asked her.')),
    [
      event('LearningEntryAmended', {
        ...amended.data,
        content: { ...poolMorning, importantTo: null },
        reason: 'Nobody asked her.',
      }),
    ],
    'an amendment may clear an optional part of the entry',
  );
  t.equal(
    given(learningEntry, [recorded, withdrawn]).when(addTheJets),
    'ENTRY_WITHDRAWN',
    'a withdrawn entry cannot be amended',
  );
  t.equal(
    given(learningEntry, [recorded]).when({
      ...addTheJets,
      amendedBy: DEREK,
    } as LearningEntryCommand),
    'NOT_ENTRY_AUTHOR',
    'only the author amends: another employee writes an entry of their own',
  );
});

t.test('withdrawing an entry written in error', async (t) => {
  t.same(
    given(learningEntry, [recorded]).when(withdraw),
    [withdrawn],
    'the entry is withdrawn with a reason',
  );
  t.same(
    given(learningEntry, [recorded, amended]).when(withdraw),
    [withdrawn],
    'an amended entry may still be withdrawn',
  );
  t.equal(
    given(learningEntry, [recorded, withdrawn]).when(withdraw),
    'ENTRY_WITHDRAWN',
    'an entry is withdrawn only once',
  );
  t.equal(
    given(learningEntry, [recorded]).when(withdrawBy(DEREK, false)),
    'NOT_ENTRY_AUTHOR',
    'another author may not withdraw it',
  );
  t.same(
    given(learningEntry, [recorded]).when(withdrawBy(PRIYA, false)),
    [event('LearningEntryWithdrawn', { ...withdrawn.data, withdrawnBy: PRIYA })],
    'its author may',
  );
});

t.test('an entry remembers its log, how it reads now and whether it was withdrawn', async (t) => {
  t.same(
    given(learningEntry).state,
    {
      recorded: false,
      logId: null,
      authorId: null,
      withdrawn: false,
      content: null,
      amendments: 0,
    },
    'no entry before the first event',
  );
  t.same(
    given(learningEntry, [recorded]).state,
    {
      recorded: true,
      logId: LOG,
      authorId: PRIYA,
      withdrawn: false,
      content: poolMorning,
      amendments: 0,
    },
    'a recorded entry belongs to its log and reads as written',
  );
  t.same(
    given(learningEntry, [recorded, amended]).state,
    {
      recorded: true,
      logId: LOG,
      authorId: PRIYA,
      withdrawn: false,
      content: amendedMorning,
      amendments: 1,
    },
    'an amended entry reads as amended',
  );
  t.same(
    given(learningEntry, [recorded, amended, withdrawn]).state,
    {
      recorded: true,
      logId: LOG,
      authorId: PRIYA,
      withdrawn: true,
      content: amendedMorning,
      amendments: 1,
    },
    'a withdrawn entry stays in its log as it last read, withdrawn',
  );
  t.same(
    given(learningEntry, [recorded, logClosed]).state,
    given(learningEntry, [recorded]).state,
    'events about other things leave the entry as it was',
  );
});

t.test('an entry takes a bounded number of amendments', async (t) => {
  const amendments = Array.from({ length: amendmentLimit }, () => amended);
  const last = given(learningEntry, [recorded, ...amendments.slice(1)]).when(addTheTimetable);
  t.same(
    Array.isArray(last) ? last.map((e) => e.type) : last,
    ['LearningEntryAmended'],
    'the last amendment within the limit is taken',
  );
  t.equal(
    given(learningEntry, [recorded, ...amendments]).when(addTheTimetable),
    'AMENDMENT_LIMIT_REACHED',
    'one more is refused: withdraw and write again',
  );
});

t.test('the stream is named by type and id', async (t) => {
  t.equal(entryStream(ENTRY), `entry-${ENTRY}`, 'an entry’s stream is named by type and id');
});
