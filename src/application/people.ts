import type { EventData } from '../domain/events.ts';
import { person, personStream } from '../domain/person.ts';
import { team, teamStream } from '../domain/team.ts';
import type { RequestContext } from './context.ts';
import { referencedEmployee, referencedPerson, type Services } from './services.ts';

export async function registerPerson(
  services: Services,
  context: RequestContext,
  input: Omit<EventData<'PersonRegistered'>, 'personId'>,
): Promise<string> {
  const personId = services.newId();
  const externalRefTaken =
    input.externalRef !== null &&
    (await services.directory.personByExternalRef(context.tenant, input.externalRef)) !== undefined;

  // TODO(#3): two registrations with one external reference at the same instant can both pass this check.
  await services.commands.run(personStream(personId), person, context, {
    type: 'RegisterPerson',
    data: { personId, ...input },
    externalRefTaken,
  });
  return personId;
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
