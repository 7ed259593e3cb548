import type { DocumentRef } from '../../src/domain/vocabulary.ts';
import type { DirectoryQueries } from '../directory/queries.ts';
import type { DocumentQueries } from '../documents/queries.ts';
import type { ReadStore } from '../engine/read-store.ts';
import { acknowledgementsProjection } from './projection.ts';
import {
  keys,
  type Acknowledged,
  type DocumentAcknowledgementsView,
  type EmployeeAcknowledgementsView,
} from './views.ts';

const name = acknowledgementsProjection.name;

export interface ReaderStatus {
  employeeId: string;
  /** The newest version this employee has acknowledged, or null. */
  acknowledgedVersion: number | null;
  acknowledgedAt: string | null;
  owesLatest: boolean;
}

export interface DocumentReaders {
  document: DocumentRef;
  latestVersion: number;
  readers: ReaderStatus[];
}

export interface OwedAcknowledgement {
  document: DocumentRef;
  latestVersion: number;
  acknowledgedVersion: number | null;
}

/**
 * Who must read what. A profile is owed by every member of the teams that
 * support the person; a team plan by every member of the team. Only the
 * newest version counts, and version 0 (the empty start) is owed by no one.
 */
export class AcknowledgementQueries {
  constructor(
    private readonly store: ReadStore,
    private readonly directory: DirectoryQueries,
    private readonly documents: DocumentQueries,
  ) {}

  async readersOf(tenant: string, document: DocumentRef): Promise<DocumentReaders> {
    const { version } = await this.documents.current(tenant, document);
    const audience = await this.#audienceOf(tenant, document);
    const view = await this.store.get<DocumentAcknowledgementsView>(name, keys.document(document));

    const readers = audience.map((employeeId): ReaderStatus => {
      const newest = newestOf(view?.byEmployee[employeeId] ?? []);
      return {
        employeeId,
        acknowledgedVersion: newest?.version ?? null,
        acknowledgedAt: newest?.acknowledgedAt ?? null,
        owesLatest: version > 0 && (newest?.version ?? 0) < version,
      };
    });

    return { document, latestVersion: version, readers };
  }

  async owedBy(tenant: string, employeeId: string): Promise<OwedAcknowledgement[]> {
    const employee = await this.directory.person(tenant, employeeId);
    if (employee === undefined) return [];

    const owed: OwedAcknowledgement[] = [];
    for (const document of await this.#documentsReadBy(tenant, employee.memberOf)) {
      const { readers, latestVersion } = await this.readersOf(tenant, document);
      const status = readers.find((reader) => reader.employeeId === employeeId);
      if (status?.owesLatest)
        owed.push({ document, latestVersion, acknowledgedVersion: status.acknowledgedVersion });
    }
    return owed;
  }

  /** Each employee's first acknowledgement of `version` or a later one, in time order. */
  async acknowledgementsFrom(
    document: DocumentRef,
    version: number,
  ): Promise<Array<Acknowledged & { employeeId: string }>> {
    const view = await this.store.get<DocumentAcknowledgementsView>(name, keys.document(document));
    const firsts = Object.entries(view?.byEmployee ?? {}).flatMap(([employeeId, list]) => {
      const first = list.find((ack) => ack.version >= version);
      return first === undefined ? [] : [{ employeeId, ...first }];
    });
    return firsts.sort((a, b) =>
      a.acknowledgedAt < b.acknowledgedAt ? -1 : a.acknowledgedAt > b.acknowledgedAt ? 1 : 0,
    );
  }

  /** Every version one employee has acknowledged, in the order they did. */
  async madeBy(
    tenant: string,
    employeeId: string,
  ): Promise<EmployeeAcknowledgementsView['acknowledged']> {
    // The view is keyed by employee alone; the directory says whether they are this organisation's.
    if ((await this.directory.person(tenant, employeeId)) === undefined) return [];
    const view = await this.store.get<EmployeeAcknowledgementsView>(
      name,
      keys.employee(employeeId),
    );
    return view?.acknowledged ?? [];
  }

  async #audienceOf(tenant: string, document: DocumentRef): Promise<string[]> {
    if (document.kind === 'team-plan')
      return (await this.directory.team(tenant, document.subjectId))?.members ?? [];

    const person = await this.directory.person(tenant, document.subjectId);
    const members = new Set<string>();
    for (const teamId of person?.supportedBy ?? []) {
      for (const member of (await this.directory.team(tenant, teamId))?.members ?? [])
        members.add(member);
    }
    return [...members].sort();
  }

  async #documentsReadBy(tenant: string, teamIds: readonly string[]): Promise<DocumentRef[]> {
    const documents = new Map<string, DocumentRef>();
    for (const teamId of teamIds) {
      const team = await this.directory.team(tenant, teamId);
      if (team === undefined) continue;
      documents.set(`team-plan:${teamId}`, { kind: 'team-plan', subjectId: teamId });
      for (const personId of team.supports) {
        documents.set(`profile:${personId}`, { kind: 'one-page-profile', subjectId: personId });
      }
    }
    return [...documents.values()];
  }
}

function newestOf(list: readonly Acknowledged[]): Acknowledged | undefined {
  return list.reduce<Acknowledged | undefined>(
    (best, ack) => (best === undefined || ack.version > best.version ? ack : best),
    undefined,
  );
}
