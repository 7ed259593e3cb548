import { documentDecider, type ChangeReason, type StatementChange } from '../domain/document.ts';
import { DomainError } from '../domain/errors.ts';
import { person, personStream, type PersonState } from '../domain/person.ts';
import { review, reviewStream } from '../domain/review.ts';
import { team, teamStream, type TeamState } from '../domain/team.ts';
import { documentStream, type DocumentRef } from '../domain/vocabulary.ts';
import type { StreamRevision } from '../event-store/port.ts';
import type { RequestContext } from './context.ts';
import { guardedByVersion } from './if-match.ts';
import { referenced, unknownReference, type Services } from './services.ts';

export type ChangeBasisInput =
  | { kind: 'direct-edit'; reason: string }
  | { kind: 'insight'; reviewId: string; decisionId: string };

/**
 * Changes one statement of a profile or team plan, guarded by the version
 * the client read. Returns the new version.
 */
export async function changeDocument(
  services: Services,
  context: RequestContext,
  document: DocumentRef,
  ifMatch: number,
  change: StatementChange,
  basis: ChangeBasisInput,
): Promise<number> {
  await checkDocumentSubject(services, context, document);

  const stream = documentStream(document);
  const current = await services.commands.load(stream, documentDecider);
  const { because, restsOn } = await reasonFor(services, context, basis);

  const { revision } = await guardedByVersion(
    stream,
    ifMatch,
    current.state.version,
    (expectedRevision) =>
      services.commands.run(
        stream,
        documentDecider,
        context,
        {
          type: 'ChangeDocument',
          document,
          change,
          newStatementId: services.newId(),
          because,
        },
        // An insight applied rests on its review as read: a decline racing it makes one of them fail.
        { expectedRevision, loaded: current, unchanged: restsOn },
      ),
  );
  return revision + 1;
}

/** The subject of a document must exist in the caller's organisation: 404 from a path, 422 from a body. */
export async function checkDocumentSubject(
  services: Services,
  context: RequestContext,
  document: DocumentRef,
  field?: string,
): Promise<PersonState | TeamState> {
  const loaded =
    document.kind === 'one-page-profile'
      ? await services.commands.load(personStream(document.subjectId), person)
      : await services.commands.load(teamStream(document.subjectId), team);
  if (loaded.tenant === context.tenant) return loaded.state;

  if (field !== undefined) unknownReference(field, document.subjectId);
  throw new DomainError(
    document.kind === 'one-page-profile' ? 'PERSON_NOT_FOUND' : 'TEAM_NOT_FOUND',
    'No such resource.',
  );
}

/** Why the document changes, and the review stream that reason rests on, as read. */
async function reasonFor(
  services: Services,
  context: RequestContext,
  basis: ChangeBasisInput,
): Promise<{ because: ChangeReason; restsOn: StreamRevision[] }> {
  if (basis.kind === 'direct-edit') return { because: basis, restsOn: [] };

  const stream = reviewStream(basis.reviewId);
  const loaded = await referenced(
    services,
    context,
    stream,
    review,
    'basis.reviewId',
    basis.reviewId,
  );
  return {
    because: { ...basis, insight: loaded.state.insights.get(basis.decisionId) },
    restsOn: [{ stream, revision: loaded.revision }],
  };
}
