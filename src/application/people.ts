import { createHash } from 'node:crypto';
import { fail } from '../domain/errors.ts';
import type { EventData } from '../domain/events.ts';
import { WrongExpectedRevisionError } from '../event-store/errors.ts';
import { person, personStream } from '../domain/person.ts';
import { team, teamStream } from '../domain/team.ts';
import type { RequestContext } from './context.ts';
import { referencedEmployee, referencedPerson, type Services } from './services.ts';

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
    await services.commands.run(personStream(personId), person, context, {
      type: 'RegisterPerson',
      data: { personId, ...input },
      externalRefTaken,
    });
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

/** A fixed namespace for the name-based ids below. */
const externalRefNamespace = Buffer.from('6c1f0a7e94b84d2a9e53b1c07d2f8a41', 'hex');

/**
 * The id of the person an organisation registers under an external reference:
 * a name-based UUID (version 5) of the organisation and the reference. Two
 * registrations of one reference, racing on different instances, so write to
 * the same stream, and the store lets only one of them create it.
 */
export function personIdForExternalRef(tenant: string, externalRef: string): string {
  const hash = createHash('sha1')
    .update(externalRefNamespace)
    .update(JSON.stringify([tenant, externalRef]))
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function formTeam(
  services: Services,
  context: RequestContext,
  input: Omit<EventData<'TeamFormed'>, 'teamId'>,
): Promise<string> {
  const teamId = services.newId();
  await services.commands.run(teamStream(teamId), team, context, {
    type: 'FormTeam',
    data: { teamId, ...input },
  });
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
