import type { Employee, LogData, Scenario, Someone } from '../scenario/index.ts';
import type { Identified } from './api-types.ts';
import { clientFor, type Client } from './client.ts';

/** Everyone and everything the scenario names, with the ids the service gave them. */
export interface Cast {
  /** Reads everything and changes nothing: the report shows what an auditor sees. */
  readonly auditor: Client;
  /** Each employee's own key: what they write is recorded as theirs. */
  readonly as: Record<Employee, Client>;
  readonly personId: Record<Someone, string>;
  readonly teamId: string;
  readonly logId: Map<string, string>;
  readonly entryId: Map<string, string>;
  readonly reviewId: Map<string, string>;
  readonly statementId: Map<string, string>;
  /** The display name behind a person id, for printing. */
  nameOf(id: string): string;
}

/** Registers the people, forms the team, gives each employee a key and opens the logs. */
export async function assemble(
  baseUrl: string,
  adminKey: string,
  scenario: Scenario,
  signal?: AbortSignal,
): Promise<Cast> {
  const client = (key: string): Client => clientFor(baseUrl, key, signal);
  const admin = client(adminKey);
  const personId = {} as Record<Someone, string>;
  const names = new Map<string, string>();

  for (const { key, displayName, externalRef, role } of scenario.people) {
    const kind = role === undefined ? 'supported-person' : 'employee';
    const { body } = await admin.post<Identified>('/people', { kind, displayName, externalRef });
    personId[key] = body.personId;
    names.set(body.personId, displayName);
  }

  const { name, purpose, members, supports } = scenario.team;
  const { body: team } = await admin.post<{ teamId: string }>('/teams', { name, purpose });
  const teamPath = `/teams/${team.teamId}`;
  for (const member of members) {
    await admin.post(`${teamPath}/members`, { personId: personId[member] }, { expect: 200 });
  }
  for (const person of supports) {
    await admin.post(
      `${teamPath}/supported-people`,
      { personId: personId[person] },
      { expect: 200 },
    );
  }

  const as = {} as Record<Employee, Client>;
  for (const { key, displayName, role } of scenario.people) {
    if (role === undefined) continue;
    const actor = { kind: 'employee', personId: personId[key] };
    const label = `${displayName}, demo`;
    as[key as Employee] = client(
      (await admin.post<{ key: string }>('/api-keys', { role, actor, label })).body.key,
    );
  }
  const { body: auditorKey } = await admin.post<{ key: string }>('/api-keys', {
    role: 'auditor',
    actor: { kind: 'system', name: 'quality-review' },
    label: 'Quality lead, reading for the demo report',
  });

  const logId = new Map<string, string>();
  for (const log of scenario.logs)
    logId.set(log.key, await openLog(as[log.openedBy], log, personId, team.teamId));

  return {
    auditor: client(auditorKey.key),
    as,
    personId,
    teamId: team.teamId,
    logId,
    entryId: new Map(),
    reviewId: new Map(),
    statementId: new Map(),
    nameOf: (id) => names.get(id) ?? id,
  };
}

async function openLog(
  opener: Client,
  log: LogData,
  personId: Record<Someone, string>,
  teamId: string,
) {
  const subject =
    'person' in log.about
      ? { kind: 'person', personId: personId[log.about.person] }
      : { kind: 'team', teamId };
  const body = { subject, purpose: log.purpose, reviewRhythm: log.rhythm };
  return (await opener.post<{ logId: string }>('/learning-logs', body)).body.logId;
}
