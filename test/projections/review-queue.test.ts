import t from 'tap';
import { statusOf } from '../../projections/learning-logs/review-queue.ts';
import type { LogView } from '../../projections/learning-logs/views.ts';

const log = (changes: Partial<LogView>): LogView => ({
  logId: '00000000-0000-4000-8000-000000000001',
  tenant: 'org-test',
  subject: { kind: 'person', personId: '00000000-0000-4000-8000-000000000002' },
  purpose: 'First visits to the allotment',
  reviewRhythm: 'weekly',
  status: 'open',
  openedAt: '2031-01-01T09:00:00.000Z',
  openedBy: 'system:test',
  closedAt: null,
  closeReason: null,
  entryCount: 0,
  unreviewedEntries: 0,
  reviewIds: [],
  lastReviewedAt: null,
  ...changes,
});

t.test('the status shows what waits, and since when', async (t) => {
  const status = statusOf(log({ entryCount: 4, unreviewedEntries: 2 }), '2031-01-04T10:00:00.000Z');
  t.equal(status.unreviewedEntries, 2, 'the count the log keeps');
  t.equal(status.oldestUnreviewed, '2031-01-04T10:00:00.000Z', 'the oldest waiting activity');
});

t.test('a review falls due by the rhythm from the last review, or from the opening', async (t) => {
  t.equal(statusOf(log({}), null).reviewDue, '2031-01-08T09:00:00.000Z', 'weekly from the opening');
  t.equal(
    statusOf(log({ reviewRhythm: 'fortnightly', lastReviewedAt: '2031-02-01T12:00:00.000Z' }), null)
      .reviewDue,
    '2031-02-15T12:00:00.000Z',
    'fortnightly from the last review',
  );
  t.equal(
    statusOf(log({ reviewRhythm: 'monthly' }), null).reviewDue,
    '2031-02-01T09:00:00.000Z',
    'monthly: the same day next month',
  );
  t.equal(
    statusOf(log({ reviewRhythm: 'each-team-meeting' }), null).reviewDue,
    null,
    'meetings keep no calendar here',
  );
  t.equal(
    statusOf(log({ status: 'closed' }), null).reviewDue,
    null,
    'a closed log is due no review',
  );
});
