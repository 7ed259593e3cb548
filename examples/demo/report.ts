import type { Scenario } from '../scenario/index.ts';
import type { DocumentView, EntryTrace, VersionTrace } from './api-types.ts';
import type { Cast } from './cast.ts';
import { documentOf } from './documents.ts';
import { printLogs, printReviews } from './print-activity.ts';
import { printDocument, printOutstanding } from './print-documents.ts';
import { printEntryTrail, printStatementTrail } from './print-trail.ts';
import { heading, listOf, wrap } from './text.ts';

/** The report, read with the auditor's key: everything a quality lead could see, in plain text. */
export async function report(cast: Cast, scenario: Scenario): Promise<string> {
  const profile = documentOf(cast, scenario, 'profile');
  const plan = documentOf(cast, scenario, 'team-plan');
  const person = cast.nameOf(profile.ref.subjectId);

  const statementId = cast.statementId.get(scenario.tracedStatement)!;
  const trailPath = `${profile.path}/audit-trail?statementId=${statementId}`;
  const trail = await cast.auditor.get<{ versions: VersionTrace[] }>(trailPath);
  const firstEntry = cast.entryId.get(scenario.logs[0]!.entries[0]!.label)!;
  const forward = await cast.auditor.get<EntryTrace>(`/entries/${firstEntry}/audit-trail`);
  const employees = scenario.team.members.map((member) => cast.personId[member]);
  const read = async (path: string) => (await cast.auditor.get<DocumentView>(path)).body;

  return [
    ...introduction(cast, scenario, person),
    ...(await printLogs(cast, scenario.logs)),
    ...(await printReviews(cast, scenario.reviews)),
    ...printDocument(`One-page profile: ${person}`, await read(profile.path)),
    ...printDocument(`Team plan: ${scenario.team.name}`, await read(plan.path)),
    ...(await printOutstanding(cast, employees)),
    ...printStatementTrail(trail.body.versions),
    ...printEntryTrail(forward.body),
    '',
  ].join('\n');
}

function introduction(cast: Cast, scenario: Scenario, person: string): string[] {
  const members = scenario.team.members.map((member) => {
    const lead = scenario.people.find((someone) => someone.key === member)?.role === 'reviewer';
    return `${cast.nameOf(cast.personId[member])}${lead ? ' (team leader)' : ''}`;
  });
  return [
    ...heading('Who is who'),
    ...wrap(`${person} is supported by the ${scenario.team.name}: ${listOf(members)}.`),
    '',
    ...wrap(
      'Activity times come from the scenario and fall in the last eight weeks. ' +
        "The times of writing, deciding, changing and reading are the service's own clock, " +
        'so they all fall within this run.',
    ),
  ];
}
