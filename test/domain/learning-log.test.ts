import t from 'tap';
import { event } from '../../src/domain/events.ts';
import { learningLog, logStream, type LearningLogCommand } from '../../src/domain/learning-log.ts';
import { given } from './given.ts';

const LOG = 'c4d5e6f7-2b3c-4d5e-9f60-718293a4b501';
const MARGO = 'c4d5e6f7-2b3c-4d5e-9f60-718293a4b502';
const TEAM = 'c4d5e6f7-2b3c-4d5e-9f60-718293a4b503';

const opened = event('LearningLogOpened', {
  logId: LOG,
  subject: { kind: 'person', personId: MARGO },
  purpose: 'Learn what makes swimming mornings go well for Margo.',
  reviewRhythm: 'fortnightly',
});
const closed = event('LearningLogClosed', {
  logId: LOG,
  reason: 'Swimming is now part of her usual week.',
});

const open: LearningLogCommand = { type: 'OpenLog', data: opened.data };
const close = (reason: string | null): LearningLogCommand => ({
  type: 'CloseLog',
  logId: LOG,
  reason,
});

t.test('opening a log records its subject, purpose and review rhythm', async (t) => {
  t.same(given(learningLog).when(open), [opened], 'the log is opened');
});

t.test('closing an open log records the reason, if there is one', async (t) => {
  t.same(
    given(learningLog, [opened]).when(close(closed.data.reason)),
    [closed],
    'the log is closed with its reason',
  );
  t.same(
    given(learningLog, [opened]).when(close(null)),
    [event('LearningLogClosed', { logId: LOG, reason: null })],
    'a log may be closed without a reason',
  );
});

t.test('a closed log cannot be closed again', async (t) => {
  t.equal(
    given(learningLog, [opened, closed]).when(close(null)),
    'LOG_CLOSED',
    'the log is already closed',
  );
});

t.test('a log remembers its subject and whether it is closed', async (t) => {
  t.same(
    given(learningLog).state,
    { opened: false, closed: false, subject: null },
    'no log before the first event',
  );
  t.same(
    given(learningLog, [opened]).state,
    { opened: true, closed: false, subject: { kind: 'person', personId: MARGO } },
    'an opened log is about Margo and open',
  );
  t.same(
    given(learningLog, [opened, closed]).state,
    { opened: true, closed: true, subject: { kind: 'person', personId: MARGO } },
    'a closed log keeps its subject',
  );
  const teamFormed = event('TeamFormed', {
    teamId: TEAM,
    name: 'Quayside Road team',
    purpose: null,
  });
  t.same(
    given(learningLog, [opened, teamFormed]).state,
    given(learningLog, [opened]).state,
    'events about other things leave the log as it was',
  );
});

t.test('the stream is named by type and id', async (t) => {
  t.equal(logStream(LOG), `log-${LOG}`, 'a log’s stream is named by type and id');
});
