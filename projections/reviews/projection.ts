import type { StoredEvent } from '../../src/event-store/port.ts';
import { factOf } from '../engine/domain-event.ts';
import type { Projection, Writes } from '../engine/projection.ts';
import {
  keys,
  type DecisionView,
  type EntryDecisionsView,
  type InsightView,
  type ReviewView,
  type Reviews,
} from './views.ts';

type Docs = ReadonlyMap<string, Reviews | undefined>;

/** Reviews with their decisions, what became of each insight, and which decisions rest on which entry. */
export const reviewsProjection: Projection<Reviews> = {
  name: 'reviews',

  keysOf(event: StoredEvent): string[] {
    const fact = factOf(event);
    switch (fact.type) {
      case 'ReviewStarted':
      case 'ActionAgreed':
      case 'SharingAgreed':
      case 'InsightDeclined':
      case 'ReviewCompleted':
        return [keys.review(fact.data.reviewId)];
      case 'InsightProposed':
        return [keys.review(fact.data.reviewId), ...fact.data.entryIds.map(keys.entryDecisions)];
      case 'DocumentStatementAdded':
      case 'DocumentStatementReworded':
      case 'DocumentStatementRemoved':
        return fact.data.basis.kind === 'insight' ? [keys.review(fact.data.basis.reviewId)] : [];
      default:
        return [];
    }
  },

  apply(event, docs): Writes<Reviews> {
    const fact = factOf(event);
    const writes: Writes<Reviews> = new Map();
    const decided = { decidedAt: event.recordedAt, decidedBy: event.actor.id };

    switch (fact.type) {
      case 'ReviewStarted': {
        const { reviewId, logId, entryIds, participants, others } = fact.data;
        const review: ReviewView = {
          reviewId,
          logId,
          tenant: event.tenant,
          status: 'open',
          heldAt: event.occurredAt,
          startedAt: event.recordedAt,
          startedBy: event.actor.id,
          participants,
          others,
          entryIds,
          completedAt: null,
          completedBy: null,
          decisions: [],
        };
        writes.set(keys.review(reviewId), review);
        break;
      }

      case 'InsightProposed': {
        const { reviewId, decisionId, finding, category, entryIds, destination, noRecordReason } =
          fact.data;
        const insight: InsightView = {
          kind: 'insight',
          decisionId,
          ...decided,
          finding,
          category,
          entryIds,
          destination,
          noRecordReason,
          status: destination === null ? 'needs-no-record' : 'proposed',
          declineReason: null,
          appliedTo: null,
        };
        writes.set(keys.review(reviewId), withDecision(reviewOf(docs, reviewId), insight));
        for (const entryId of entryIds) {
          const resting = docs.get(keys.entryDecisions(entryId)) as EntryDecisionsView | undefined;
          const decisions = [...(resting?.decisions ?? []), { reviewId, decisionId }];
          writes.set(keys.entryDecisions(entryId), { entryId, decisions });
        }
        break;
      }

      case 'ActionAgreed': {
        const { reviewId, decisionId, description, ownerId, dueOn } = fact.data;
        const action: DecisionView = {
          kind: 'action',
          decisionId,
          ...decided,
          description,
          ownerId,
          dueOn,
        };
        writes.set(keys.review(reviewId), withDecision(reviewOf(docs, reviewId), action));
        break;
      }

      case 'SharingAgreed': {
        const { reviewId, decisionId, audience, employeeIds, detail, method } = fact.data;
        const sharing: DecisionView = {
          kind: 'sharing',
          decisionId,
          ...decided,
          audience,
          employeeIds,
          detail,
          method,
        };
        writes.set(keys.review(reviewId), withDecision(reviewOf(docs, reviewId), sharing));
        break;
      }

      case 'InsightDeclined': {
        const { reviewId, decisionId, reason } = fact.data;
        const review = reviewOf(docs, reviewId);
        writes.set(
          keys.review(reviewId),
          withInsight(review, decisionId, { status: 'declined', declineReason: reason }),
        );
        break;
      }

      case 'ReviewCompleted': {
        const review = reviewOf(docs, fact.data.reviewId);
        writes.set(keys.review(review.reviewId), {
          ...review,
          status: 'completed',
          completedAt: event.recordedAt,
          completedBy: event.actor.id,
        });
        break;
      }

      case 'DocumentStatementAdded':
      case 'DocumentStatementReworded':
      case 'DocumentStatementRemoved': {
        const { basis, document, version } = fact.data;
        if (basis.kind !== 'insight') break;
        const appliedTo = {
          document,
          version,
          appliedAt: event.recordedAt,
          appliedBy: event.actor.id,
        };
        const review = reviewOf(docs, basis.reviewId);
        writes.set(
          keys.review(review.reviewId),
          withInsight(review, basis.decisionId, { status: 'applied', appliedTo }),
        );
        break;
      }
    }

    return writes;
  },
};

function reviewOf(docs: Docs, reviewId: string): ReviewView {
  return docs.get(keys.review(reviewId)) as ReviewView;
}

function withDecision(review: ReviewView, decision: DecisionView): ReviewView {
  return { ...review, decisions: [...review.decisions, decision] };
}

function withInsight(
  review: ReviewView,
  decisionId: string,
  change: Partial<InsightView>,
): ReviewView {
  // An event about an insight the review does not hold must stall the projection, not vanish.
  if (
    !review.decisions.some(
      (decision) => decision.decisionId === decisionId && decision.kind === 'insight',
    )
  ) {
    throw new Error(`review ${review.reviewId} has no insight ${decisionId}`);
  }
  const decisions = review.decisions.map((decision) =>
    decision.decisionId === decisionId && decision.kind === 'insight'
      ? { ...decision, ...change }
      : decision,
  );
  return { ...review, decisions };
}
