import t from 'tap';
import { statusOf } from '../../projections/learning-logs/review-queue.ts';
import type { EntryIndexItem, LogView } from '../../projections/learning-logs/views.ts';

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
  reviewIds: [],
  lastReviewedAt: null,
  ...changes,
});

const item = (occurredAt: string, changes: Partial<EntryIndexItem> = {}): EntryIndexItem => ({
  entryId: occurredAt,
  occurredAt,
  authorId: 'a',
  reviewed: false,
  withdrawn: false,
  ...changes,
});

t.test('entries waiting are the unreviewed ones still standing, oldest first', async (t) => {
  const entries = [
    item('2031-01-02T10:00:00.000Z', { reviewed: true }),
    item('2031-01-03T10:00:00.000Z', { withdrawn: true }),
    item('2031-01-04T10:00:00.000Z'),
    item('2031-01-05T10:00:00.000Z'),
  ];
  const status = statusOf(log({}), entries);
  t.equal(status.unreviewedEntries, 2, 'neither the reviewed nor the withdrawn entry waits');
  t.equal(status.oldestUnreviewed, '2031-01-04T10:00:00.000Z', 'the oldest waiting activity');
});

t.test('a review falls due by the rhythm from the last review, or from the opening', async (t) => {
  t.equal(statusOf(log({}), []).reviewDue, '2031-01-08T09:00:00.000Z', 'weekly from the opening');
  t.equal(
    statusOf(log({ reviewRhythm: 'fortnightly', lastReviewedAt: '2031-02-01T12:00:00.000Z' }), [])
      .reviewDue,
    '2031-02-15T12:00:00.000Z',
    'fortnightly from the last review',
  );
  t.equal(
    statusOf(log({ reviewRhythm: 'monthly' }), []).reviewDue,
    '2031-02-01T09:00:00.000Z',
    'monthly: the same day next month',
  );
  t.equal(
    statusOf(log({ reviewRhythm: 'each-team-meeting' }), []).reviewDue,
    null,
    'meetings keep no calendar here',
  );
  t.equal(statusOf(log({ status: 'closed' }), []).reviewDue, null, 'a closed log is due no review');
});
