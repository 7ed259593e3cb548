import t from 'tap';
import { foldProjection } from '../../projections/engine/projection.ts';
import { reviewsProjection } from '../../projections/reviews/projection.ts';
import { reviewStream } from '../../src/domain/review.ts';
import type { ChangeBasis, EventData } from '../../src/domain/events.ts';
import { documentStream, type DocumentRef } from '../../src/domain/vocabulary.ts';
import { asObject, clock, employee, History, id, LOG, ORG, OSKAR, TOBIAS, WREN } from './events.ts';

const A = id(31);
const B = id(32);
const REVIEW = id(40);
const APPLIED = id(41);
const DECLINED = id(42);
const NO_RECORD = id(43);
const ACTION = id(44);
const SHARING = id(45);
const profile: DocumentRef = { kind: 'one-page-profile', subjectId: WREN };
type Proposal = Pick<EventData<'InsightProposed'>, 'category' | 'destination' | 'noRecordReason'>;

function reviewDay(): History {
  const history = new History({ actor: employee(OSKAR, 'reviewer') });
  const stream = reviewStream(REVIEW);
  const propose = (decisionId: string, finding: string, entryIds: string[], more: Proposal) =>
    history.record(stream, 'InsightProposed', {
      reviewId: REVIEW,
      decisionId,
      finding,
      entryIds,
      ...more,
    });
  const add = (version: number, section: string, text: string, basis: ChangeBasis) =>
    history.record(documentStream(profile), 'DocumentStatementAdded', {
      document: profile,
      version,
      section,
      statementId: id(69 + version),
      text,
      basis,
    });

  history.record(stream, 'ReviewStarted', {
    reviewId: REVIEW,
    logId: LOG,
    entryIds: [A, B],
    participants: [OSKAR, TOBIAS],
    others: ['Maud (sister)'],
  });
  propose(APPLIED, 'A table away from the counter keeps her relaxed.', [A], {
    category: 'how-to-support',
    destination: { document: profile, section: 'how-to-support' },
    noRecordReason: null,
  });
  propose(DECLINED, 'She prefers evenings to mornings.', [A, B], {
    category: 'important-to',
    destination: { document: profile, section: 'important-to' },
    noRecordReason: null,
  });
  propose(NO_RECORD, 'People like her dry humour.', [B], {
    category: 'appreciation',
    destination: null,
    noRecordReason: 'Her profile already says so.',
  });
  history.record(stream, 'ActionAgreed', {
    reviewId: REVIEW,
    decisionId: ACTION,
    description: 'Ring the café about quiet times.',
    ownerId: TOBIAS,
    dueOn: '2025-03-20',
  });
  history.record(stream, 'SharingAgreed', {
    reviewId: REVIEW,
    decisionId: SHARING,
    audience: 'whole-team',
    employeeIds: [],
    detail: null,
    method: 'Monday team meeting',
  });
  const reason = 'Two entries are not enough to say.';
  history.record(stream, 'InsightDeclined', { reviewId: REVIEW, decisionId: DECLINED, reason });
  add(1, 'how-to-support', 'Find me a table away from the counter.', {
    kind: 'insight',
    reviewId: REVIEW,
    decisionId: APPLIED,
    entryIds: [A],
  });
  add(2, 'appreciation', 'My laugh fills the room.', {
    kind: 'direct-edit',
    reason: 'Her birthday.',
  });
  history.record(stream, 'ReviewCompleted', { reviewId: REVIEW, logId: LOG, entryIds: [A, B] });
  return history;
}

t.test('a review with its decisions: insights proposed, declined and applied', async (t) => {
  const docs = foldProjection(reviewsProjection, reviewDay().events);
  const decided = (position: number) => ({ decidedAt: clock(position), decidedBy: OSKAR });

  t.strictSame(
    asObject(docs),
    {
      [`review:${REVIEW}`]: {
        reviewId: REVIEW,
        logId: LOG,
        tenant: ORG,
        status: 'completed',
        heldAt: clock(1),
        startedAt: clock(1),
        startedBy: OSKAR,
        participants: [OSKAR, TOBIAS],
        others: ['Maud (sister)'],
        entryIds: [A, B],
        completedAt: clock(10),
        completedBy: OSKAR,
        decisions: [
          {
            kind: 'insight',
            decisionId: APPLIED,
            ...decided(2),
            finding: 'A table away from the counter keeps her relaxed.',
            category: 'how-to-support',
            entryIds: [A],
            destination: { document: profile, section: 'how-to-support' },
            noRecordReason: null,
            status: 'applied',
            declineReason: null,
            appliedTo: { document: profile, version: 1, appliedAt: clock(8), appliedBy: OSKAR },
          },
          {
            kind: 'insight',
            decisionId: DECLINED,
            ...decided(3),
            finding: 'She prefers evenings to mornings.',
            category: 'important-to',
            entryIds: [A, B],
            destination: { document: profile, section: 'important-to' },
            noRecordReason: null,
            status: 'declined',
            declineReason: 'Two entries are not enough to say.',
            appliedTo: null,
          },
          {
            kind: 'insight',
            decisionId: NO_RECORD,
            ...decided(4),
            finding: 'People like her dry humour.',
            category: 'appreciation',
            entryIds: [B],
            destination: null,
            noRecordReason: 'Her profile already says so.',
            status: 'needs-no-record',
            declineReason: null,
            appliedTo: null,
          },
          {
            kind: 'action',
            decisionId: ACTION,
            ...decided(5),
            description: 'Ring the café about quiet times.',
            ownerId: TOBIAS,
            dueOn: '2025-03-20',
          },
          {
            kind: 'sharing',
            decisionId: SHARING,
            ...decided(6),
            audience: 'whole-team',
            employeeIds: [],
            detail: null,
            method: 'Monday team meeting',
          },
        ],
      },
      [`entry-decisions:${A}`]: {
        entryId: A,
        decisions: [
          { reviewId: REVIEW, decisionId: APPLIED },
          { reviewId: REVIEW, decisionId: DECLINED },
        ],
      },
      [`entry-decisions:${B}`]: {
        entryId: B,
        decisions: [
          { reviewId: REVIEW, decisionId: DECLINED },
          { reviewId: REVIEW, decisionId: NO_RECORD },
        ],
      },
    },
    'the review and which decisions rest on which entry, exactly',
  );
});

t.test('the review is open until completed; a direct edit touches no review', async (t) => {
  const events = reviewDay().events;
  const beforeApplying = foldProjection(reviewsProjection, events.slice(0, 7));
  const review = beforeApplying.get(`review:${REVIEW}`);

  t.equal(review?.['status'], 'open', 'open before completion');
  t.equal(review?.['completedAt'], null, 'no completion time yet');
  t.match(
    review?.['decisions'],
    [{ status: 'proposed', appliedTo: null }],
    'the first insight is still only proposed',
  );
  t.strictSame(
    reviewsProjection.keysOf(events[8]!),
    [],
    'the direct edit names no review document',
  );
});

t.test('a decision the review does not hold stops the fold instead of vanishing', async (t) => {
  const declineUnknown = reviewDay();
  declineUnknown.record(reviewStream(REVIEW), 'InsightDeclined', {
    reviewId: REVIEW,
    decisionId: id(49),
    reason: 'No such insight.',
  });
  const applyAction = reviewDay();
  applyAction.record(documentStream(profile), 'DocumentStatementAdded', {
    document: profile,
    version: 3,
    section: 'how-to-support',
    statementId: id(72),
    text: 'Ring ahead.',
    basis: { kind: 'insight', reviewId: REVIEW, decisionId: ACTION, entryIds: [A] },
  });

  t.throws(
    () => foldProjection(reviewsProjection, declineUnknown.events),
    /no insight/,
    'declining an unknown insight',
  );
  t.throws(
    () => foldProjection(reviewsProjection, applyAction.events),
    /no insight/,
    'applying a decision that is an action',
  );
});
