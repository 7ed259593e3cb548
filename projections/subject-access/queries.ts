import type { AcknowledgementQueries } from '../acknowledgements/queries.ts';
import type { EmployeeAcknowledgementsView } from '../acknowledgements/views.ts';
import type { DirectoryQueries } from '../directory/queries.ts';
import type { PersonView, TeamView } from '../directory/views.ts';
import type { DocumentAtVersion, DocumentQueries } from '../documents/queries.ts';
import type { ChangeView } from '../documents/views.ts';
import type { LearningLogQueries } from '../learning-logs/queries.ts';
import type { LogStatus } from '../learning-logs/review-queue.ts';
import type { EntryView, LogView } from '../learning-logs/views.ts';
import type { ReviewQueries } from '../reviews/queries.ts';
import type { DecisionView, ReviewView } from '../reviews/views.ts';

/** How a decision of a review names the person. */
export type DecisionRelation = 'decided' | 'owns' | 'to-be-told';

export interface LogAbout {
  log: LogView & LogStatus;
  /** Every entry, withdrawn ones too, each with its original and amendments. */
  entries: EntryView[];
  reviews: ReviewView[];
}

export interface DecisionNaming {
  reviewId: string;
  logId: string;
  relations: DecisionRelation[];
  decision: DecisionView;
}

/** What the read models hold about one person, gathered for a subject access request. */
export interface HeldAbout {
  teams: { memberOf: TeamView[]; supportedBy: TeamView[] };
  profile: { versions: DocumentAtVersion[]; changes: ChangeView[] };
  logsAbout: LogAbout[];
  entriesWritten: EntryView[];
  decisions: DecisionNaming[];
  acknowledgements: EmployeeAcknowledgementsView['acknowledged'];
}

const entryPage = 200;

/**
 * Joins the read models around one person: what is about them (their logs,
 * profile, teams) and what they did (entries written, decisions taken or
 * owned, versions acknowledged). None of it is indexed by person across the
 * organisation, so this walks every log and review of the organisation.
 */
export class SubjectAccessQueries {
  constructor(
    private readonly directory: DirectoryQueries,
    private readonly logs: LearningLogQueries,
    private readonly reviews: ReviewQueries,
    private readonly documents: DocumentQueries,
    private readonly acknowledgements: AcknowledgementQueries,
  ) {}

  async heldAbout(tenant: string, person: PersonView): Promise<HeldAbout> {
    const { personId } = person;
    const logsAbout: LogAbout[] = [];
    const entriesWritten: EntryView[] = [];
    const decisions: DecisionNaming[] = [];

    for (const log of await this.logs.logs(tenant, {})) {
      const about = log.subject.kind === 'person' && log.subject.personId === personId;
      const entries = await this.#entries(tenant, log.logId, about ? undefined : personId);
      const reviews = await this.#reviews(tenant, log.reviewIds);

      if (about) logsAbout.push({ log, entries, reviews });
      entriesWritten.push(...entries.filter((entry) => entry.authorId === personId));
      decisions.push(...reviews.flatMap((review) => decisionsNaming(review, personId)));
    }

    return {
      teams: {
        memberOf: await this.#teams(tenant, person.memberOf),
        supportedBy: await this.#teams(tenant, person.supportedBy),
      },
      profile: await this.#profile(tenant, personId),
      logsAbout,
      entriesWritten,
      decisions,
      acknowledgements: await this.acknowledgements.madeBy(tenant, personId),
    };
  }

  async #entries(tenant: string, logId: string, authorId?: string): Promise<EntryView[]> {
    const entries: EntryView[] = [];
    let after: string | undefined;
    do {
      const page = await this.logs.entries(tenant, logId, { authorId, limit: entryPage, after });
      entries.push(...page.items);
      after = page.next ?? undefined;
    } while (after !== undefined);
    return entries;
  }

  /** The reviews in the order the log started them. */
  async #reviews(tenant: string, reviewIds: readonly string[]): Promise<ReviewView[]> {
    const found = await this.reviews.reviews(tenant, reviewIds);
    return reviewIds.flatMap((reviewId) => found.get(reviewId) ?? []);
  }

  async #teams(tenant: string, teamIds: readonly string[]): Promise<TeamView[]> {
    const teams = await Promise.all(teamIds.map((teamId) => this.directory.team(tenant, teamId)));
    return teams.filter((team) => team !== undefined);
  }

  /** Every version of the person's one-page profile after the empty start, and the change that made it. */
  async #profile(tenant: string, personId: string): Promise<HeldAbout['profile']> {
    const document = { kind: 'one-page-profile', subjectId: personId } as const;
    const changes = (await this.documents.history(tenant, document))?.changes ?? [];
    const versions = await Promise.all(
      changes.map(({ version }) => this.documents.atVersion(tenant, document, version)),
    );
    return { versions: versions.filter((version) => version !== undefined), changes };
  }
}

function decisionsNaming(review: ReviewView, personId: string): DecisionNaming[] {
  return review.decisions.flatMap((decision) => {
    const relations: DecisionRelation[] = [];
    if (decision.decidedBy === personId) relations.push('decided');
    if (decision.kind === 'action' && decision.ownerId === personId) relations.push('owns');
    if (decision.kind === 'sharing' && decision.employeeIds.includes(personId))
      relations.push('to-be-told');
    if (relations.length === 0) return [];
    return [{ reviewId: review.reviewId, logId: review.logId, relations, decision }];
  });
}
