import { fail } from '../domain/errors.ts';
import type { EventData } from '../domain/events.ts';
import { WrongExpectedRevisionError } from '../event-store/errors.ts';
import { person, personStream } from '../domain/person.ts';
import { personIdForExternalRef } from '../domain/person-ids.ts';
import { team, teamStream } from '../domain/team.ts';
import type { Keyring } from '../personal-data/keyring.ts';
import type { RequestContext } from './context.ts';
import { referencedEmployee, referencedPerson, type Services } from './services.ts';

export { personIdForExternalRef };

export async function registerPerson(
  services: Services,
  context: RequestContext,
  input: Omit<EventData<'PersonRegistered'>, 'personId'>,
): Promise<string> {
  const personId =
    input.externalRef === null
      ? services.newId()
      : personIdForExternalRef(context.tenant, input.externalRef);
  // People registered before ids were derived from references are found in the directory.
  const externalRefTaken =
    input.externalRef !== null &&
    (await services.directory.personByExternalRef(context.tenant, input.externalRef)) !== undefined;

  try {
    // An id derived from a reference may be taken already; one just made cannot be.
    await services.commands.run(
      personStream(personId),
      person,
      context,
      { type: 'RegisterPerson', data: { personId, ...input }, externalRefTaken },
      { newStream: input.externalRef === null },
    );
  } catch (error) {
    // Another registration of the same reference, on any instance, got to the stream first.
    if (error instanceof WrongExpectedRevisionError && input.externalRef !== null) {
      return fail(
        'EXTERNAL_REFERENCE_TAKEN',
        'Another person already carries this external reference.',
        {
          field: 'externalRef',
        },
      );
    }
    throw error;
  }
  return personId;
}

export async function formTeam(
  services: Services,
  context: RequestContext,
  input: Omit<EventData<'TeamFormed'>, 'teamId'>,
): Promise<string> {
  const teamId = services.newId();
  await services.commands.run(
    teamStream(teamId),
    team,
    context,
    { type: 'FormTeam', data: { teamId, ...input } },
    { newStream: true },
  );
  return teamId;
}

type Membership = 'AddMember' | 'RemoveMember' | 'StartSupporting' | 'StopSupporting';

/** Changes who is in a team, or whom it supports. */
export async function changeTeam(
  services: Services,
  context: RequestContext,
  type: Membership,
  teamId: string,
  personId: string,
): Promise<void> {
  const loaded = await services.commands.loadOwn(
    teamStream(teamId),
    team,
    context,
    'TEAM_NOT_FOUND',
  );
  if (type === 'AddMember') await referencedEmployee(services, context, personId, 'personId');
  if (type === 'StartSupporting') await referencedPerson(services, context, personId, 'personId');

  await services.commands.run(
    teamStream(teamId),
    team,
    context,
    { type, teamId, personId },
    { loaded },
  );
}

/**
 * Erases a person: destroys their data key, then records why. Destroying
 * first means no reader can open their details once the erasure is recorded;
 * should the recording fail, the same request again finds the key gone and
 * records it then.
 */
export async function erasePerson(
  services: Services,
  keyring: Pick<Keyring, 'erase'>,
  context: RequestContext,
  personId: string,
  reason: string,
): Promise<void> {
  const stream = personStream(personId);
  const loaded = await services.commands.loadOwn(stream, person, context, 'PERSON_NOT_FOUND');
  if (loaded.state.erased) fail('PERSON_ERASED', 'This person was erased already.');

  await keyring.erase(context.tenant, personId, context.now);
  await services.commands.run(
    stream,
    person,
    context,
    { type: 'RecordErasure', personId, reason },
    { loaded },
  );
}
