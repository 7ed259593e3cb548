import type { AcknowledgementQueries } from '../../projections/acknowledgements/queries.ts';
import type { DirectoryQueries } from '../../projections/directory/queries.ts';
import type { LearningLogQueries } from '../../projections/learning-logs/queries.ts';
import type { Decider } from '../domain/decider.ts';
import { DomainError } from '../domain/errors.ts';
import { person, personStream, type PersonState } from '../domain/person.ts';
import { team, teamStream } from '../domain/team.ts';
import type { CommandHandler, Loaded } from './command-handler.ts';
import type { RequestContext } from './context.ts';

/** What every application service needs: the command handler, ids, and read models for look-ups. */
export interface Services {
  readonly commands: CommandHandler;
  readonly newId: () => string;
  readonly directory: DirectoryQueries;
  readonly logs: LearningLogQueries;
  readonly acknowledgements: AcknowledgementQueries;
}

/** A stream named by an id in a request body: it must exist in the caller's organisation. */
export async function referenced<State>(
  services: Services,
  context: RequestContext,
  stream: string,
  decider: Pick<Decider<State, never>, 'initialState' | 'evolve'>,
  field: string,
  id: string,
): Promise<Loaded<State>> {
  const loaded = await services.commands.load(stream, decider);
  if (loaded.tenant !== context.tenant) unknownReference(field, id);
  return loaded;
}

export async function referencedPerson(
  services: Services,
  context: RequestContext,
  personId: string,
  field: string,
): Promise<PersonState> {
  const { state } = await referenced(
    services,
    context,
    personStream(personId),
    person,
    field,
    personId,
  );
  // Naming an erased person would record something more about them.
  if (state.erased) {
    throw new DomainError('PERSON_ERASED', 'This person was erased.', { field, id: personId });
  }
  return state;
}

export async function referencedEmployee(
  services: Services,
  context: RequestContext,
  personId: string,
  field: string,
): Promise<void> {
  const state = await referencedPerson(services, context, personId, field);
  if (state.kind !== 'employee') {
    throw new DomainError('PERSON_NOT_AN_EMPLOYEE', 'Only an employee can be named here.', {
      field,
      id: personId,
    });
  }
}

export async function referencedTeam(
  services: Services,
  context: RequestContext,
  teamId: string,
  field: string,
): Promise<void> {
  await referenced(services, context, teamStream(teamId), team, field, teamId);
}

export function unknownReference(field: string, id: string): never {
  const noun = field
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .at(-1);
  throw new DomainError('UNKNOWN_REFERENCE', `No such ${noun} in this organisation.`, {
    field,
    id,
  });
}

/** Leeway for clocks that run a little ahead of the server's. */
const clockLeewayMs = 5 * 60_000;

/** What a log or review records has happened already: its time may not lie ahead of the server's clock. */
export function happenedBy(
  instant: string | undefined,
  context: RequestContext,
  field: string,
): void {
  if (instant === undefined) return;
  if (Date.parse(instant) > context.now.getTime() + clockLeewayMs) {
    throw new DomainError('NOT_YET_HAPPENED', 'This lies in the future.', { field });
  }
}
