import type { DocumentRef, InsightCategory, SharingAudience } from '../../src/domain/vocabulary.ts';

interface DecisionCommon {
  decisionId: string;
  decidedAt: string;
  decidedBy: string;
}

export interface InsightView extends DecisionCommon {
  kind: 'insight';
  finding: string;
  category: InsightCategory;
  entryIds: string[];
  destination: { document: DocumentRef; section: string } | null;
  noRecordReason: string | null;
  /** An insight that needs no record is settled when proposed. */
  status: 'proposed' | 'needs-no-record' | 'declined' | 'applied';
  declineReason: string | null;
  appliedTo: {
    document: DocumentRef;
    version: number;
    appliedAt: string;
    appliedBy: string;
  } | null;
}

export interface ActionView extends DecisionCommon {
  kind: 'action';
  description: string;
  ownerId: string;
  dueOn: string;
}

export interface SharingView extends DecisionCommon {
  kind: 'sharing';
  audience: SharingAudience;
  employeeIds: string[];
  detail: string | null;
  method: string;
}

export type DecisionView = InsightView | ActionView | SharingView;

export interface ReviewView {
  [field: string]: unknown;
  reviewId: string;
  logId: string;
  tenant: string;
  status: 'open' | 'completed';
  /** When the review was held (the event's domain time). */
  heldAt: string;
  startedAt: string;
  startedBy: string;
  participants: string[];
  others: string[];
  entryIds: string[];
  completedAt: string | null;
  completedBy: string | null;
  decisions: DecisionView[];
}

/** The decisions that rest on one entry, for the forward audit trail. */
export interface EntryDecisionsView {
  [field: string]: unknown;
  entryId: string;
  decisions: Array<{ reviewId: string; decisionId: string }>;
}

export type Reviews = ReviewView | EntryDecisionsView;

export const keys = {
  review: (reviewId: string) => `review:${reviewId}`,
  entryDecisions: (entryId: string) => `entry-decisions:${entryId}`,
};
