import { documentDecider } from '../domain/document.ts';
import { DomainError } from '../domain/errors.ts';
import type { EventData } from '../domain/events.ts';
import { entryStream, learningEntry } from '../domain/learning-entry.ts';
import { learningLog, logStream } from '../domain/learning-log.ts';
import {
  insightOf,
  review,
  reviewStream,
  type CandidateEntry,
  type ReviewCommand,
  type ReviewState,
} from '../domain/review.ts';
import { documentStream, type DocumentRef } from '../domain/vocabulary.ts';
import type { Loaded } from './command-handler.ts';
import type { StreamRevision } from '../event-store/port.ts';
import type { RequestContext } from './context.ts';
import { checkDocumentSubject } from './documents.ts';
import {
  referenced,
  referencedEmployee,
  referencedPerson,
  type Services,
  happenedBy,
} from './services.ts';

export interface StartReviewInput {
  /** The entries to cover; or, when absent, every unreviewed entry up to `upTo`. */
  entryIds?: string[];
  upTo?: string;
  participants: string[];
  others: string[];
  /** When the review was held, if not now: a meeting recorded afterwards. */
  heldAt?: string | undefined;
}

export async function startReview(
  services: Services,
  context: RequestContext,
  logId: string,
  input: StartReviewInput,
): Promise<string> {
  await services.commands.loadOwn(logStream(logId), learningLog, context, 'LOG_NOT_FOUND');
  happenedBy(input.heldAt, context, 'heldAt');
  for (const [index, personId] of input.participants.entries()) {
    await referencedPerson(services, context, personId, `participants.${index}`);
  }

  const entries =
    input.entryIds !== undefined
      ? await chosenEntries(services, context, input.entryIds)
      : (await services.logs.unreviewedUpTo(context.tenant, logId, input.upTo!)).map(
          (item): CandidateEntry => ({ entryId: item.entryId, logId, withdrawn: false }),
        );

  const reviewId = services.newId();
  await services.commands.run(
    reviewStream(reviewId),
    review,
    context,
    {
      type: 'StartReview',
      reviewId,
      logId,
      entries,
      participants: input.participants,
      others: input.others,
    },
    { newStream: true, ...(input.heldAt === undefined ? {} : { occurredAt: input.heldAt }) },
  );
  return reviewId;
}

export async function proposeInsight(
  services: Services,
  context: RequestContext,
  reviewId: string,
  input: Omit<EventData<'InsightProposed'>, 'reviewId' | 'decisionId'>,
): Promise<string> {
  const loaded = await services.commands.loadOwn(
    reviewStream(reviewId),
    review,
    context,
    'REVIEW_NOT_FOUND',
  );
  if (input.destination !== null) {
    await checkDocumentSubject(
      services,
      context,
      input.destination.document,
      'destination.document.subjectId',
    );
    await checkDestinationFits(services, context, loaded.state.logId!, input.destination.document);
  }
  await checkStillStanding(services, loaded.state.entryIds, input.entryIds);

  return decide(
    services,
    context,
    reviewId,
    (decisionId) => ({ type: 'ProposeInsight', data: { reviewId, decisionId, ...input } }),
    loaded,
  );
}

export async function agreeAction(
  services: Services,
  context: RequestContext,
  reviewId: string,
  input: Omit<EventData<'ActionAgreed'>, 'reviewId' | 'decisionId'>,
): Promise<string> {
  await referencedPerson(services, context, input.ownerId, 'ownerId');
  return decide(services, context, reviewId, (decisionId) => ({
    type: 'AgreeAction',
    data: { reviewId, decisionId, ...input },
  }));
}

export async function agreeSharing(
  services: Services,
  context: RequestContext,
  reviewId: string,
  input: Omit<EventData<'SharingAgreed'>, 'reviewId' | 'decisionId'>,
): Promise<string> {
  for (const [index, employeeId] of input.employeeIds.entries()) {
    await referencedEmployee(services, context, employeeId, `employeeIds.${index}`);
  }
  return decide(services, context, reviewId, (decisionId) => ({
    type: 'AgreeSharing',
    data: { reviewId, decisionId, ...input },
  }));
}

export async function declineInsight(
  services: Services,
  context: RequestContext,
  reviewId: string,
  decisionId: string,
  reason: string,
): Promise<void> {
  const loaded = await services.commands.loadOwn(
    reviewStream(reviewId),
    review,
    context,
    'REVIEW_NOT_FOUND',
  );
  const destination = insightOf(loaded.state, decisionId).destination;

  // The document stream is the one place that knows whether an insight was applied. The decline
  // rests on it as read, so an apply racing this decline makes one of the two fail.
  let applied = false;
  const restsOn: StreamRevision[] = [];
  if (destination !== null) {
    const stream = documentStream(destination.document);
    const document = await services.commands.load(stream, documentDecider);
    applied = document.state.appliedDecisions.has(decisionId);
    restsOn.push({ stream, revision: document.revision });
  }

  await services.commands.run(
    reviewStream(reviewId),
    review,
    context,
    { type: 'DeclineInsight', data: { reviewId, decisionId, reason }, alreadyApplied: applied },
    { loaded, unchanged: restsOn },
  );
}

export async function completeReview(
  services: Services,
  context: RequestContext,
  reviewId: string,
): Promise<void> {
  await services.commands.run(
    reviewStream(reviewId),
    review,
    context,
    { type: 'CompleteReview', reviewId },
    { notFound: 'REVIEW_NOT_FOUND' },
  );
}

async function decide(
  services: Services,
  context: RequestContext,
  reviewId: string,
  command: (decisionId: string) => ReviewCommand,
  loaded?: Loaded<ReviewState>,
): Promise<string> {
  const decisionId = services.newId();
  const options = loaded === undefined ? { notFound: 'REVIEW_NOT_FOUND' as const } : { loaded };
  await services.commands.run(
    reviewStream(reviewId),
    review,
    context,
    command(decisionId),
    options,
  );
  return decisionId;
}

async function chosenEntries(
  services: Services,
  context: RequestContext,
  entryIds: readonly string[],
): Promise<CandidateEntry[]> {
  const entries: CandidateEntry[] = [];
  for (const [index, entryId] of [...new Set(entryIds)].entries()) {
    const stream = entryStream(entryId);
    const { state: entry } = await referenced(
      services,
      context,
      stream,
      learningEntry,
      `entryIds.${index}`,
      entryId,
    );
    entries.push({ entryId, logId: entry.logId!, withdrawn: entry.withdrawn });
  }
  return entries;
}

/**
 * Learning about a person goes to their profile or to the plan of a team that
 * supports them; learning about a team goes to its plan or to a member's profile.
 */
async function checkDestinationFits(
  services: Services,
  context: RequestContext,
  logId: string,
  document: DocumentRef,
): Promise<void> {
  const { subject } = (await services.commands.load(logStream(logId), learningLog)).state;
  const fits =
    subject?.kind === 'person'
      ? document.kind === 'one-page-profile'
        ? document.subjectId === subject.personId
        : (
            (await services.directory.person(context.tenant, subject.personId))?.supportedBy ?? []
          ).includes(document.subjectId)
      : document.kind === 'team-plan'
        ? document.subjectId === subject?.teamId
        : (
            (await services.directory.team(context.tenant, subject!.teamId))?.members ?? []
          ).includes(document.subjectId);

  if (!fits) {
    throw new DomainError(
      'DESTINATION_NOT_FOR_THIS_LOG',
      "The document belongs to no one this log's learning is about.",
      {
        field: 'destination.document',
      },
    );
  }
}

/**
 * An insight cannot rest on an entry that was withdrawn as written in error.
 * Only entries the review covers are looked up: the review refuses any other,
 * and looking it up first would tell whether an id of another organisation
 * names a withdrawn entry.
 */
async function checkStillStanding(
  services: Services,
  covered: ReadonlySet<string>,
  entryIds: readonly string[],
): Promise<void> {
  for (const [index, entryId] of entryIds.entries()) {
    if (!covered.has(entryId)) continue;
    const { state } = await services.commands.load(entryStream(entryId), learningEntry);
    if (state.withdrawn)
      throw new DomainError('ENTRY_WITHDRAWN', 'A withdrawn entry cannot support an insight.', {
        field: `entryIds.${index}`,
      });
  }
}
