import type { DocumentRef } from '../../src/domain/vocabulary.ts';
import type { AcknowledgementQueries } from '../acknowledgements/queries.ts';
import type { DirectoryQueries } from '../directory/queries.ts';
import type { DocumentQueries } from '../documents/queries.ts';
import type { ChangeView } from '../documents/views.ts';
import type { LearningLogQueries } from '../learning-logs/queries.ts';
import type { ReviewQueries } from '../reviews/queries.ts';
import type { InsightView, ReviewView } from '../reviews/views.ts';

export interface PersonRef {
  id: string;
  displayName: string | null;
}

export interface EntrySummary {
  entryId: string;
  logId: string;
  author: PersonRef;
  writtenAt: string;
  occurredAt: string;
  activity: string;
  learned: string;
  /** The entry was amended after it was written; `GET /entries/{id}` shows the original too. */
  amended: boolean;
  withdrawn: boolean;
}

export interface DecisionTrace {
  reviewId: string;
  decisionId: string;
  finding: string;
  category: string;
  status: InsightView['status'];
  decidedAt: string;
  decidedBy: PersonRef;
  review: { startedAt: string; completedAt: string | null; participants: PersonRef[] };
}

export interface VersionTrace {
  version: number;
  recordedAt: string;
  author: PersonRef;
  operation: ChangeView['operation'];
  section: string;
  statementId: string;
  text: string | null;
  previousText: string | null;
  /** The stated reason of a direct edit; null when the change applied an insight. */
  reason: string | null;
  decision: DecisionTrace | null;
  entries: EntrySummary[];
  acknowledgedBy: Array<PersonRef & { acknowledgedAt: string; version: number }>;
}

export interface EntryTrace {
  entry: EntrySummary;
  decisions: Array<
    DecisionTrace & {
      producedVersion:
        (Omit<VersionTrace, 'decision' | 'entries'> & { document: DocumentRef }) | null;
    }
  >;
}

/**
 * The audit trail, joined from the other read models when asked: backward
 * from a document to its changes, decisions and entries, and forward from an
 * entry to decisions, versions and who has read them. Acknowledging a later
 * version counts as having read an earlier one.
 */
export class AuditTrailQueries {
  constructor(
    private readonly directory: DirectoryQueries,
    private readonly logs: LearningLogQueries,
    private readonly reviews: ReviewQueries,
    private readonly documents: DocumentQueries,
    private readonly acknowledgements: AcknowledgementQueries,
  ) {}

  async ofDocument(
    tenant: string,
    document: DocumentRef,
    statementId?: string,
  ): Promise<VersionTrace[]> {
    const history = await this.documents.history(tenant, document);
    const changes = (history?.changes ?? []).filter(
      (c) => statementId === undefined || c.statementId === statementId,
    );
    return Promise.all(changes.map((change) => this.#traceVersion(tenant, document, change)));
  }

  async ofEntry(tenant: string, entryId: string): Promise<EntryTrace | undefined> {
    const entry = await this.#entrySummary(tenant, entryId);
    if (entry === undefined) return undefined;

    const resting = await this.reviews.decisionsRestingOn(entryId);
    const reviews = await this.reviews.reviews(
      tenant,
      resting.map((d) => d.reviewId),
    );

    const decisions: EntryTrace['decisions'] = [];
    for (const { reviewId, decisionId } of resting) {
      const review = reviews.get(reviewId)!;
      const insight = insightIn(review, decisionId);
      const trace = await this.#traceDecision(review, insight);
      const produced =
        insight.appliedTo === null ? null : await this.#producedVersion(tenant, insight.appliedTo);
      decisions.push({ ...trace, producedVersion: produced });
    }

    return { entry, decisions };
  }

  async #traceVersion(
    tenant: string,
    document: DocumentRef,
    change: ChangeView,
  ): Promise<VersionTrace> {
    const { basis } = change;
    let decision: DecisionTrace | null = null;
    let entries: EntrySummary[] = [];

    if (basis.kind === 'insight') {
      const review = (await this.reviews.reviews(tenant, [basis.reviewId])).get(basis.reviewId)!;
      decision = await this.#traceDecision(review, insightIn(review, basis.decisionId));
      const summaries = await Promise.all(
        basis.entryIds.map((entryId) => this.#entrySummary(tenant, entryId)),
      );
      entries = summaries.filter((summary) => summary !== undefined);
    }

    return {
      version: change.version,
      recordedAt: change.recordedAt,
      author: await this.#person(change.authorId),
      operation: change.operation,
      section: change.section,
      statementId: change.statementId,
      text: change.text,
      previousText: change.previousText,
      reason: basis.kind === 'direct-edit' ? basis.reason : null,
      decision,
      entries,
      acknowledgedBy: await this.#readersSince(document, change.version),
    };
  }

  async #producedVersion(tenant: string, appliedTo: NonNullable<InsightView['appliedTo']>) {
    const history = await this.documents.history(tenant, appliedTo.document);
    const change = history?.changes.find((c) => c.version === appliedTo.version);
    if (change === undefined) return null;
    const {
      decision: _decision,
      entries: _entries,
      ...version
    } = await this.#traceVersion(tenant, appliedTo.document, change);
    return { document: appliedTo.document, ...version };
  }

  async #traceDecision(review: ReviewView, insight: InsightView): Promise<DecisionTrace> {
    return {
      reviewId: review.reviewId,
      decisionId: insight.decisionId,
      finding: insight.finding,
      category: insight.category,
      status: insight.status,
      decidedAt: insight.decidedAt,
      decidedBy: await this.#person(insight.decidedBy),
      review: {
        startedAt: review.startedAt,
        completedAt: review.completedAt,
        participants: await Promise.all(review.participants.map((id) => this.#person(id))),
      },
    };
  }

  async #entrySummary(tenant: string, entryId: string): Promise<EntrySummary | undefined> {
    const entry = await this.logs.entry(tenant, entryId);
    if (entry === undefined) return undefined;
    return {
      entryId,
      logId: entry.logId,
      author: await this.#person(entry.authorId),
      writtenAt: entry.writtenAt,
      occurredAt: entry.content.occurredAt,
      activity: entry.content.activity,
      learned: entry.content.learned,
      amended: entry.amendments.length > 0,
      withdrawn: entry.withdrawal !== null,
    };
  }

  /** Each employee's first acknowledgement of this version or a later one. */
  async #readersSince(
    document: DocumentRef,
    version: number,
  ): Promise<VersionTrace['acknowledgedBy']> {
    const all = await this.acknowledgements.acknowledgementsFrom(document, version);
    return Promise.all(
      all.map(async (ack) => ({
        ...(await this.#person(ack.employeeId)),
        acknowledgedAt: ack.acknowledgedAt,
        version: ack.version,
      })),
    );
  }

  async #person(id: string): Promise<PersonRef> {
    const names = await this.directory.displayNames([id]);
    return { id, displayName: names.get(id) ?? null };
  }
}

function insightIn(review: ReviewView, decisionId: string): InsightView {
  return review.decisions.find(
    (d): d is InsightView => d.decisionId === decisionId && d.kind === 'insight',
  )!;
}
