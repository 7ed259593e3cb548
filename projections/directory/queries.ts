import { personIdForExternalRef } from '../../src/domain/person-ids.ts';
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

  /**
   * The person registered under a reference. Their id derives from it, so the
   * reference itself, sealed in the read model, need not be compared; people
   * registered before ids were derived are found through the reference index.
   */
  async personByExternalRef(tenant: string, externalRef: string): Promise<PersonView | undefined> {
    const derived = await this.person(tenant, personIdForExternalRef(tenant, externalRef));
    // An erased person's reference no longer finds them.
    if (derived?.erasedAt !== undefined) return undefined;
    if (derived !== undefined && derived.externalRef !== null) return derived;

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
