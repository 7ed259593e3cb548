import type { DocumentKey, Scenario, StatementChange } from '../scenario/index.ts';
import type { DocumentView } from './api-types.ts';
import type { Cast } from './cast.ts';
import type { Client } from './client.ts';

export type Basis =
  | { kind: 'direct-edit'; reason: string }
  | { kind: 'insight'; reviewId: string; decisionId: string };

/** Where a document lives: the supported person's profile, or the team's plan. */
export function documentOf(cast: Cast, scenario: Scenario, key: DocumentKey) {
  if (key === 'team-plan') {
    return {
      path: `/teams/${cast.teamId}/plan`,
      ref: { kind: 'team-plan', subjectId: cast.teamId },
    };
  }

  const personId = cast.personId[scenario.team.supports[0]!];
  return {
    path: `/people/${personId}/profile`,
    ref: { kind: 'one-page-profile', subjectId: personId },
  };
}

/**
 * Reads the document, then changes one statement guarded by the version read
 * (If-Match), as any client that edits a shared document should.
 */
export async function changeStatement(
  cast: Cast,
  client: Client,
  path: string,
  change: StatementChange,
  basis: Basis,
): Promise<void> {
  const { section } = change;
  const { etag } = await client.get<DocumentView>(path);
  const body =
    'add' in change
      ? { operation: 'add', section, text: change.add, basis }
      : {
          operation: 'reword',
          section,
          statementId: statementOf(cast, change.reword),
          text: change.text,
          basis,
        };

  const { body: changed } = await client.post<DocumentView>(`${path}/changes`, body, {
    ifMatch: etag ?? '',
  });
  // An added statement goes to the end of its section.
  if ('add' in change)
    cast.statementId.set(change.label, changed.sections[section]!.at(-1)!.statementId);
}

/** An employee reads the current version and acknowledges it with their own key. */
export async function acknowledge(client: Client, path: string): Promise<void> {
  const { body } = await client.get<DocumentView>(path);
  await client.post(`${path}/acknowledgements`, { version: body.version });
}

function statementOf(cast: Cast, label: string): string {
  const id = cast.statementId.get(label);
  if (id === undefined) throw new Error(`the scenario rewords "${label}" before adding it`);
  return id;
}
