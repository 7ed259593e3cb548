import t from 'tap';
import { concerning } from '../../projections/subject-access/events.ts';
import { entryStream } from '../../src/domain/learning-entry.ts';
import { logStream } from '../../src/domain/learning-log.ts';
import { reviewStream } from '../../src/domain/review.ts';
import {
  careRecords,
  employee,
  entryAt,
  History,
  id,
  INES,
  LOG,
  OSKAR,
  TOBIAS,
  WREN,
} from './events.ts';

const MAUD = id(6); // supported too, by the same workers
const MAUDS_LOG = id(21);
const BY_TOBIAS = id(31);
const BY_INES = id(32);
const ABOUT_MAUD = id(33);
const REVIEW = id(40);

/**
 * Wren's log with an entry by Tobias and one by Ines, a review of it with an
 * action for Ines, and Maud's log with an entry by Tobias that Oskar withdraws.
 */
function twoLogs(): History {
  const history = new History({ actor: careRecords });
  const asOskar = { actor: employee(OSKAR, 'reviewer') };
  const open = (logId: string, personId: string) =>
    history.record(logStream(logId), 'LearningLogOpened', {
      logId,
      subject: { kind: 'person', personId },
      purpose: 'Breakfasts out',
      reviewRhythm: 'weekly',
    });
  const write = (entryId: string, logId: string, authorId: string) =>
    history.record(
      entryStream(entryId),
      'LearningEntryRecorded',
      {
        entryId,
        logId,
        authorId,
        content: entryAt('2025-03-04T09:00:00.000Z', {
          present: { employeeIds: [authorId], others: [] },
        }),
      },
      { actor: employee(authorId) },
    );

  open(LOG, WREN);
  open(MAUDS_LOG, MAUD);
  write(BY_TOBIAS, LOG, TOBIAS);
  write(BY_INES, LOG, INES);
  write(ABOUT_MAUD, MAUDS_LOG, TOBIAS);
  history.record(
    reviewStream(REVIEW),
    'ReviewStarted',
    { reviewId: REVIEW, logId: LOG, entryIds: [BY_INES], participants: [OSKAR], others: [] },
    asOskar,
  );
  history.record(
    reviewStream(REVIEW),
    'ActionAgreed',
    {
      reviewId: REVIEW,
      decisionId: id(41),
      description: 'Ask for the back table.',
      ownerId: INES,
      dueOn: '2025-04-01',
    },
    asOskar,
  );
  history.record(
    entryStream(ABOUT_MAUD),
    'LearningEntryWithdrawn',
    { entryId: ABOUT_MAUD, logId: MAUDS_LOG, withdrawnBy: OSKAR, reason: 'Wrong person.' },
    asOskar,
  );
  return history;
}

const selected = (personId: string) => {
  const { events } = twoLogs();
  return events.filter(concerning(personId)).map((event) => event.type);
};

t.test('a supported person: her log, every entry in it and its review’s decisions', async (t) => {
  t.strictSame(
    selected(WREN),
    [
      'LearningLogOpened',
      'LearningEntryRecorded',
      'LearningEntryRecorded',
      'ReviewStarted',
      'ActionAgreed',
    ],
    'the action names only the review, and still belongs to her records',
  );
});

t.test('employees: what they did, and what happened to what they wrote', async (t) => {
  t.strictSame(
    selected(TOBIAS),
    ['LearningEntryRecorded', 'LearningEntryRecorded', 'LearningEntryWithdrawn'],
    'both his entries, and Oskar withdrawing the one about Maud',
  );
  t.strictSame(
    selected(INES),
    ['LearningEntryRecorded', 'ReviewStarted', 'ActionAgreed'],
    'her entry, the review that covers it and the action she owns; not Tobias’s entries',
  );
  t.strictSame(
    selected(MAUD),
    ['LearningLogOpened', 'LearningEntryRecorded', 'LearningEntryWithdrawn'],
    'Maud’s log and its entry, nothing of Wren’s',
  );
});
