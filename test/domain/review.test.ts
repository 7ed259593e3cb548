import t from 'tap';
import { event, type DomainEvent, type EventData } from '../../src/domain/events.ts';
import {
  insightOf,
  review,
  reviewStream,
  type CandidateEntry,
  type ReviewCommand,
} from '../../src/domain/review.ts';
import { given } from './given.ts';

const REVIEW = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01';
const LOG = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02';
const OTHER_LOG = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b03';
const POOL_ENTRY = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b04';
const BATH_ENTRY = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b05';
const OTHER_LOG_ENTRY = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b06';
const WITHDRAWN_ENTRY = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b07';
const MARGO = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b08';
const PRIYA = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b09';
const DEREK = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b0a';
const TEAM = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b0b';
const QUIET_POOL = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b11';
const RADIO = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b12';
const ASK_RECEPTION = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b13';
const TELL_THE_TEAM = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b14';
const NO_SUCH_DECISION = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b15';

const poolEntry: CandidateEntry = { entryId: POOL_ENTRY, logId: LOG, withdrawn: false };
const bathEntry: CandidateEntry = { entryId: BATH_ENTRY, logId: LOG, withdrawn: false };
const otherLogEntry: CandidateEntry = {
  entryId: OTHER_LOG_ENTRY,
  logId: OTHER_LOG,
  withdrawn: false,
};
const withdrawnEntry: CandidateEntry = { entryId: WITHDRAWN_ENTRY, logId: LOG, withdrawn: true };

const profile = { kind: 'one-page-profile', subjectId: MARGO } as const;
const teamPlan = { kind: 'team-plan', subjectId: TEAM } as const;

const started = event('ReviewStarted', {
  reviewId: REVIEW,
  logId: LOG,
  entryIds: [POOL_ENTRY, BATH_ENTRY],
  participants: [PRIYA, DEREK],
  others: ['Fen Oakhurst, her sister'],
});
const quietPool = event('InsightProposed', {
  reviewId: REVIEW,
  decisionId: QUIET_POOL,
  finding: 'I enjoy swimming when the pool is quiet; crowds in the changing room upset me.',
  category: 'how-to-support',
  entryIds: [POOL_ENTRY],
  destination: { document: profile, section: 'how-to-support' },
  noRecordReason: null,
});
const radio = event('InsightProposed', {
  reviewId: REVIEW,
  decisionId: RADIO,
  finding: 'Tea and the radio before the bath make the evening calm.',
  category: 'important-to',
  entryIds: [BATH_ENTRY],
  destination: null,
  noRecordReason: 'Her profile already says this.',
});
const askReception = event('ActionAgreed', {
  reviewId: REVIEW,
  decisionId: ASK_RECEPTION,
  description: 'Ask reception for the school swimming timetable.',
  ownerId: DEREK,
  dueOn: '2025-03-14',
});
const tellTheTeam = event('SharingAgreed', {
  reviewId: REVIEW,
  decisionId: TELL_THE_TEAM,
  audience: 'whole-team',
  employeeIds: [],
  detail: null,
  method: 'Read out at the Monday team meeting.',
});
const quietPoolDeclined = event('InsightDeclined', {
  reviewId: REVIEW,
  decisionId: QUIET_POOL,
  reason: 'One swim is not enough to go on yet.',
});
const completed = event('ReviewCompleted', {
  reviewId: REVIEW,
  logId: LOG,
  entryIds: [POOL_ENTRY, BATH_ENTRY],
});

const startOver = (...entries: CandidateEntry[]): ReviewCommand => ({
  type: 'StartReview',
  reviewId: REVIEW,
  logId: LOG,
  entries,
  participants: started.data.participants,
  others: started.data.others,
});
const propose = (data: EventData<'InsightProposed'>): ReviewCommand => ({
  type: 'ProposeInsight',
  data,
});
const proposeOnProfile = (section: string) =>
  propose({ ...quietPool.data, destination: { document: profile, section } });
const proposeOnTeamPlan = (section: string) =>
  propose({ ...quietPool.data, destination: { document: teamPlan, section } });
const decline = (decisionId: string, alreadyApplied = false): ReviewCommand => ({
  type: 'DeclineInsight',
  data: { ...quietPoolDeclined.data, decisionId },
  alreadyApplied,
});
const agreeAction: ReviewCommand = { type: 'AgreeAction', data: askReception.data };
const agreeSharing: ReviewCommand = { type: 'AgreeSharing', data: tellTheTeam.data };
const complete: ReviewCommand = { type: 'CompleteReview', reviewId: REVIEW };

const decided: DomainEvent[] = [started, quietPool, radio, askReception, tellTheTeam];

t.test('starting a review', async (t) => {
  t.same(
    given(review).when(startOver(poolEntry, bathEntry)),
    [started],
    'the review covers both entries of the log',
  );
  t.equal(
    given(review).when(startOver()),
    'NOTHING_TO_REVIEW',
    'a review needs at least one entry',
  );
  t.equal(
    given(review).when(startOver(poolEntry, otherLogEntry)),
    'ENTRY_NOT_IN_LOG',
    'a review covers entries of its own log only',
  );
  t.same(
    given(review).whenRefused(startOver(poolEntry, otherLogEntry)).details,
    { entryId: OTHER_LOG_ENTRY },
    'the refusal names the entry of the other log',
  );
  t.equal(
    given(review).when(startOver(poolEntry, withdrawnEntry)),
    'ENTRY_WITHDRAWN',
    'a withdrawn entry cannot be reviewed',
  );
  t.same(
    given(review).whenRefused(startOver(withdrawnEntry)).details,
    { entryId: WITHDRAWN_ENTRY },
    'the refusal names the withdrawn entry',
  );
});

t.test('proposing an insight', async (t) => {
  t.same(
    given(review, [started]).when(propose(quietPool.data)),
    [quietPool],
    'an insight with a profile section',
  );
  t.same(
    given(review, [started]).when(propose(radio.data)),
    [radio],
    'an insight that needs no record, with why',
  );
  t.same(
    given(review, [started]).when(proposeOnTeamPlan('agreed-and-learned')),
    [
      event('InsightProposed', {
        ...quietPool.data,
        destination: { document: teamPlan, section: 'agreed-and-learned' },
      }),
    ],
    'an insight bound for a section of a team plan',
  );
});

t.test('an insight rests only on entries the review covers', async (t) => {
  const resting = propose({ ...quietPool.data, entryIds: [POOL_ENTRY, OTHER_LOG_ENTRY] });
  t.equal(
    given(review, [started]).when(resting),
    'ENTRY_OUTSIDE_REVIEW',
    'one entry lies outside the review',
  );
  t.same(
    given(review, [started]).whenRefused(resting).details,
    { entryIds: [OTHER_LOG_ENTRY] },
    'the refusal lists only the entries outside the review',
  );
});

t.test('an insight is bound for a section its document has', async (t) => {
  t.equal(
    given(review, [started]).when(proposeOnProfile('purpose')),
    'UNKNOWN_SECTION',
    'a profile has no purpose',
  );
  t.equal(
    given(review, [started]).when(proposeOnTeamPlan('appreciation')),
    'UNKNOWN_SECTION',
    'a team plan has no appreciation section',
  );
  t.equal(
    given(review, [started]).when(proposeOnProfile('favourite-songs')),
    'UNKNOWN_SECTION',
    'no document has an invented section',
  );
  t.same(
    given(review, [started]).whenRefused(proposeOnProfile('purpose')).details,
    { field: 'destination.section' },
    'the refusal names the offending field',
  );
});

t.test('agreeing actions and sharing', async (t) => {
  t.same(
    given(review, [started]).when(agreeAction),
    [askReception],
    'an action with an owner and a date',
  );
  t.same(given(review, [started]).when(agreeSharing), [tellTheTeam], 'who must be told, and how');
});

t.test('declining an insight', async (t) => {
  t.same(
    given(review, decided).when(decline(QUIET_POOL)),
    [quietPoolDeclined],
    'a proposed insight is declined',
  );
  t.same(
    given(review, decided).when(decline(RADIO)),
    [event('InsightDeclined', { ...quietPoolDeclined.data, decisionId: RADIO })],
    'an insight that needs no record may be declined too',
  );
  t.equal(
    given(review, [...decided, quietPoolDeclined]).when(decline(QUIET_POOL)),
    'INSIGHT_ALREADY_DECLINED',
    'an insight is declined only once',
  );
  t.equal(
    given(review, decided).when(decline(QUIET_POOL, true)),
    'INSIGHT_ALREADY_APPLIED',
    'an insight already in its document cannot be declined',
  );
  t.equal(
    given(review, decided).when(decline(ASK_RECEPTION)),
    'DECISION_NOT_AN_INSIGHT',
    'an action cannot be declined',
  );
  t.equal(
    given(review, decided).when(decline(TELL_THE_TEAM)),
    'DECISION_NOT_AN_INSIGHT',
    'a sharing cannot be declined',
  );
  t.equal(
    given(review, decided).when(decline(NO_SUCH_DECISION)),
    'DECISION_NOT_FOUND',
    'a decision the review never took cannot be declined',
  );
});

t.test('completing a review', async (t) => {
  t.same(
    given(review, decided).when(complete),
    [completed],
    'the review completes over the entries it covered',
  );
  t.same(
    given(review, [started]).when(complete),
    [completed],
    'a review may complete without decisions',
  );
});

t.test('a completed review takes no more decisions', async (t) => {
  const afterwards: Record<string, ReviewCommand> = {
    'proposing an insight': propose(quietPool.data),
    'agreeing an action': agreeAction,
    'agreeing a sharing': agreeSharing,
    'declining an insight': decline(QUIET_POOL),
    'completing again': complete,
  };
  for (const [what, command] of Object.entries(afterwards)) {
    t.equal(given(review, [...decided, completed]).when(command), 'REVIEW_ALREADY_COMPLETED', what);
  }
});

t.test('a review remembers what it covers and what it decided', async (t) => {
  t.same(
    given(review).state,
    {
      started: false,
      completed: false,
      logId: null,
      entryIds: new Set(),
      insights: new Map(),
      decisionIds: new Set(),
    },
    'no review before the first event',
  );

  const state = given(review, [...decided, quietPoolDeclined, completed]).state;
  t.same(
    state,
    {
      started: true,
      completed: true,
      logId: LOG,
      entryIds: new Set([POOL_ENTRY, BATH_ENTRY]),
      insights: new Map([
        [
          QUIET_POOL,
          {
            decisionId: QUIET_POOL,
            status: 'declined',
            entryIds: [POOL_ENTRY],
            destination: quietPool.data.destination,
          },
        ],
        [
          RADIO,
          { decisionId: RADIO, status: 'proposed', entryIds: [BATH_ENTRY], destination: null },
        ],
      ]),
      decisionIds: new Set([QUIET_POOL, RADIO, ASK_RECEPTION, TELL_THE_TEAM]),
    },
    'both insights, the action and the sharing, with the declined insight marked',
  );

  const personRegistered = event('PersonRegistered', {
    personId: MARGO,
    kind: 'supported-person',
    displayName: 'Margo Thistlewood',
    externalRef: null,
  });
  t.same(
    given(review, [...decided, personRegistered]).state,
    given(review, decided).state,
    'events about other things leave the review as it was',
  );
});

t.test('finding an insight among the decisions of a review', async (t) => {
  const state = given(review, decided).state;
  t.equal(insightOf(state, RADIO).status, 'proposed', 'a proposed insight is found');
  t.throws(
    () => insightOf(state, ASK_RECEPTION),
    { code: 'DECISION_NOT_AN_INSIGHT' },
    'an action is no insight',
  );
  t.throws(
    () => insightOf(state, NO_SUCH_DECISION),
    { code: 'DECISION_NOT_FOUND' },
    'an unknown decision is not found',
  );
});

t.test('the stream is named by type and id', async (t) => {
  t.equal(reviewStream(REVIEW), `review-${REVIEW}`, 'a review’s stream is named by type and id');
});
