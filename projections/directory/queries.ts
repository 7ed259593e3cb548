import type { ReadStore } from '../engine/read-store.ts';
import { directoryProjection } from './projection.ts';
import { keys, type ExternalRefView, type PersonView, type TeamView } from './views.ts';

const name = directoryProjection.name;

export class DirectoryQueries {
  constructor(private readonly store: ReadStore) {}

  async person(tenant: string, personId: string): Promise<PersonView | undefined> {
    const person = await this.store.get<PersonView>(name, keys.person(personId));
    return person?.tenant === tenant ? person : undefined;
  }

  async personByExternalRef(tenant: string, externalRef: string): Promise<PersonView | undefined> {
    const ref = await this.store.get<ExternalRefView>(name, keys.externalRef(tenant, externalRef));
    return ref === undefined ? undefined : this.person(tenant, ref.personId);
  }

  async team(tenant: string, teamId: string): Promise<TeamView | undefined> {
    const team = await this.store.get<TeamView>(name, keys.team(teamId));
    return team?.tenant === tenant ? team : undefined;
  }

  /** Display names by person id, for the people named in a response. */
  async displayNames(personIds: readonly string[]): Promise<Map<string, string>> {
    const people = await this.store.getMany<PersonView>(
      name,
      [...new Set(personIds)].map(keys.person),
    );
    return new Map([...people.values()].map((person) => [person.personId, person.displayName]));
  }
}
