import type { Decider } from './decider.ts';
import { fail } from './errors.ts';
import { event, type DomainEvent, type EventData } from './events.ts';
import { isSectionOf, type DocumentRef } from './vocabulary.ts';

export interface InsightState {
  readonly decisionId: string;
  readonly status: 'proposed' | 'declined';
  readonly entryIds: readonly string[];
  readonly destination: { document: DocumentRef; section: string } | null;
}

export interface ReviewState {
  readonly started: boolean;
  readonly completed: boolean;
  readonly logId: string | null;
  readonly entryIds: ReadonlySet<string>;
  readonly insights: ReadonlyMap<string, InsightState>;
  /** Every decision id of the review, whatever its kind. */
  readonly decisionIds: ReadonlySet<string>;
}

/** What the review needs to know about an entry it is asked to cover. */
export interface CandidateEntry {
  readonly entryId: string;
  readonly logId: string;
  readonly withdrawn: boolean;
}

export type ReviewCommand =
  | {
      type: 'StartReview';
      reviewId: string;
      logId: string;
      entries: readonly CandidateEntry[];
      participants: string[];
      others: string[];
    }
  | { type: 'ProposeInsight'; data: EventData<'InsightProposed'> }
  | { type: 'AgreeAction'; data: EventData<'ActionAgreed'> }
  | { type: 'AgreeSharing'; data: EventData<'SharingAgreed'> }
  | { type: 'DeclineInsight'; data: EventData<'InsightDeclined'>; alreadyApplied: boolean }
  | { type: 'CompleteReview'; reviewId: string };

export const reviewStream = (reviewId: string): string => `review-${reviewId}`;

export const review: Decider<ReviewState, ReviewCommand> = {
  initialState: {
    started: false,
    completed: false,
    logId: null,
    entryIds: new Set(),
    insights: new Map(),
    decisionIds: new Set(),
  },

  evolve(state, e: DomainEvent): ReviewState {
    switch (e.type) {
      case 'ReviewStarted':
        return { ...state, started: true, logId: e.data.logId, entryIds: new Set(e.data.entryIds) };
      case 'InsightProposed': {
        const { decisionId, entryIds, destination } = e.data;
        const insight: InsightState = { decisionId, status: 'proposed', entryIds, destination };
        return {
          ...state,
          insights: new Map(state.insights).set(decisionId, insight),
          decisionIds: new Set(state.decisionIds).add(decisionId),
        };
      }
      case 'InsightDeclined': {
        const insight = state.insights.get(e.data.decisionId)!;
        return {
          ...state,
          insights: new Map(state.insights).set(insight.decisionId, {
            ...insight,
            status: 'declined',
          }),
        };
      }
      case 'ActionAgreed':
      case 'SharingAgreed':
        return { ...state, decisionIds: new Set(state.decisionIds).add(e.data.decisionId) };
      case 'ReviewCompleted':
        return { ...state, completed: true };
      default:
        return state;
    }
  },

  decide(command, state) {
    if (command.type === 'StartReview') return start(command);

    if (state.completed)
      fail('REVIEW_ALREADY_COMPLETED', 'This review is completed; it takes no more decisions.');

    switch (command.type) {
      case 'ProposeInsight':
        return propose(command.data, state);
      case 'AgreeAction':
        return [event('ActionAgreed', command.data)];
      case 'AgreeSharing':
        return [event('SharingAgreed', command.data)];
      case 'DeclineInsight':
        return decline(command.data, command.alreadyApplied, state);
      case 'CompleteReview':
        return [
          event('ReviewCompleted', {
            reviewId: command.reviewId,
            logId: state.logId!,
            entryIds: [...state.entryIds],
          }),
        ];
    }
  },
};

function start(command: Extract<ReviewCommand, { type: 'StartReview' }>): DomainEvent[] {
  if (command.entries.length === 0)
    fail('NOTHING_TO_REVIEW', 'There are no entries for this review to cover.');

  for (const entry of command.entries) {
    if (entry.logId !== command.logId) {
      fail('ENTRY_NOT_IN_LOG', 'A review covers entries of its own learning log only.', {
        entryId: entry.entryId,
      });
    }
    if (entry.withdrawn) {
      fail('ENTRY_WITHDRAWN', 'A withdrawn entry cannot be reviewed.', { entryId: entry.entryId });
    }
  }

  const { reviewId, logId, participants, others } = command;
  const entryIds = command.entries.map((entry) => entry.entryId);
  return [event('ReviewStarted', { reviewId, logId, entryIds, participants, others })];
}

function propose(data: EventData<'InsightProposed'>, state: ReviewState): DomainEvent[] {
  const outside = data.entryIds.filter((entryId) => !state.entryIds.has(entryId));
  if (outside.length > 0) {
    fail('ENTRY_OUTSIDE_REVIEW', 'An insight can rest only on entries this review covers.', {
      entryIds: outside,
    });
  }

  const destination = data.destination;
  if (destination !== null && !isSectionOf(destination.document.kind, destination.section)) {
    fail(
      'UNKNOWN_SECTION',
      `A ${destination.document.kind} has no section "${destination.section}".`,
      {
        field: 'destination.section',
      },
    );
  }

  return [event('InsightProposed', data)];
}

function decline(
  data: EventData<'InsightDeclined'>,
  alreadyApplied: boolean,
  state: ReviewState,
): DomainEvent[] {
  const insight = insightOf(state, data.decisionId);
  if (insight.status === 'declined')
    fail('INSIGHT_ALREADY_DECLINED', 'This insight was already declined.');
  if (alreadyApplied)
    fail('INSIGHT_ALREADY_APPLIED', 'This insight was already applied to its document.');

  return [event('InsightDeclined', data)];
}

/** The insight with this id, or the reason there is none. */
export function insightOf(state: ReviewState, decisionId: string): InsightState {
  const insight = state.insights.get(decisionId);
  if (insight !== undefined) return insight;

  if (state.decisionIds.has(decisionId))
    fail('DECISION_NOT_AN_INSIGHT', 'Only an insight can be declined or applied.');
  return fail('DECISION_NOT_FOUND', 'This review has no such decision.');
}
