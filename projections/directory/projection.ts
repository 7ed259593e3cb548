import type { StoredEvent } from '../../src/event-store/port.ts';
import { isSealed } from '../../src/personal-data/keyring.ts';
import { factOf, withItem, withoutItem } from '../engine/domain-event.ts';
import type { Projection, Writes } from '../engine/projection.ts';
import type { Directory, PersonView, TeamView } from './views.ts';
import { keys } from './views.ts';

/** People, teams, who is in which team and which teams support whom. */
export const directoryProjection: Projection<Directory> = {
  name: 'directory',

  keysOf(event: StoredEvent): string[] {
    const fact = factOf(event);
    switch (fact.type) {
      case 'PersonRegistered':
        return !indexed(fact.data.externalRef)
          ? [keys.person(fact.data.personId)]
          : [
              keys.person(fact.data.personId),
              keys.externalRef(event.tenant, fact.data.externalRef),
            ];
      case 'PersonErased':
        return [keys.person(fact.data.personId)];
      case 'TeamFormed':
        return [keys.team(fact.data.teamId)];
      case 'TeamMemberJoined':
      case 'TeamMemberLeft':
      case 'TeamStartedSupportingPerson':
      case 'TeamStoppedSupportingPerson':
        return [keys.team(fact.data.teamId), keys.person(fact.data.personId)];
      default:
        return [];
    }
  },

  apply(event, docs): Writes<Directory> {
    const fact = factOf(event);
    const writes: Writes<Directory> = new Map();

    if (fact.type === 'PersonRegistered') {
      const { personId, kind, displayName, externalRef } = fact.data;
      const person: PersonView = {
        personId,
        tenant: event.tenant,
        kind,
        displayName,
        externalRef,
        registeredAt: event.recordedAt,
        memberOf: [],
        supportedBy: [],
      };
      writes.set(keys.person(personId), person);
      if (indexed(externalRef))
        writes.set(keys.externalRef(event.tenant, externalRef), { personId });
      return writes;
    }

    if (fact.type === 'PersonErased') {
      const person = docs.get(keys.person(fact.data.personId)) as PersonView;
      writes.set(keys.person(fact.data.personId), { ...person, erasedAt: event.recordedAt });
      return writes;
    }

    if (fact.type === 'TeamFormed') {
      const { teamId, name, purpose } = fact.data;
      const team: TeamView = {
        teamId,
        tenant: event.tenant,
        name,
        purpose,
        formedAt: event.recordedAt,
        members: [],
        supports: [],
      };
      writes.set(keys.team(teamId), team);
      return writes;
    }

    if (
      fact.type !== 'TeamMemberJoined' &&
      fact.type !== 'TeamMemberLeft' &&
      fact.type !== 'TeamStartedSupportingPerson' &&
      fact.type !== 'TeamStoppedSupportingPerson'
    ) {
      return writes;
    }

    const { teamId, personId } = fact.data;
    const team = docs.get(keys.team(teamId)) as TeamView;
    const person = docs.get(keys.person(personId)) as PersonView;

    switch (fact.type) {
      case 'TeamMemberJoined':
        writes.set(keys.team(teamId), { ...team, members: withItem(team.members, personId) });
        writes.set(keys.person(personId), {
          ...person,
          memberOf: withItem(person.memberOf, teamId),
        });
        break;
      case 'TeamMemberLeft':
        writes.set(keys.team(teamId), { ...team, members: withoutItem(team.members, personId) });
        writes.set(keys.person(personId), {
          ...person,
          memberOf: withoutItem(person.memberOf, teamId),
        });
        break;
      case 'TeamStartedSupportingPerson':
        writes.set(keys.team(teamId), { ...team, supports: withItem(team.supports, personId) });
        writes.set(keys.person(personId), {
          ...person,
          supportedBy: withItem(person.supportedBy, teamId),
        });
        break;
      case 'TeamStoppedSupportingPerson':
        writes.set(keys.team(teamId), { ...team, supports: withoutItem(team.supports, personId) });
        writes.set(keys.person(personId), {
          ...person,
          supportedBy: withoutItem(person.supportedBy, teamId),
        });
        break;
    }
    return writes;
  },
};

/**
 * Only references stored in the open, by registrations from before personal
 * data was sealed, go into the reference index; newer ones are found by the
 * id they derive.
 */
function indexed(externalRef: string | null): externalRef is string {
  return externalRef !== null && !isSealed(externalRef);
}
