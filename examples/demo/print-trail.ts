import type {
  DecisionTrace,
  EntrySummary,
  EntryTrace,
  PersonRef,
  VersionTrace,
} from './api-types.ts';
import { heading, listOf, sectionTitles, when, wrap } from './text.ts';

const nameOf = (person: PersonRef): string => person.displayName ?? person.id;
const verbs = { add: 'added', reword: 'reworded', remove: 'removed' } as const;
const titleOf = (section: string): string => sectionTitles[section] ?? section;

/** Why the profile says this: each version of one statement, back to the entries behind it. */
export function printStatementTrail(versions: VersionTrace[]): string[] {
  const latest = versions.at(-1);
  const lines = heading('Audit trail of one profile statement');
  if (latest === undefined) return [...lines, 'No changes recorded.'];

  lines.push(...wrap(`"${latest.text}"`), ...wrap(`in "${titleOf(latest.section)}"`), '');
  for (const version of versions) {
    const { operation, author, recordedAt } = version;
    lines.push(
      ...wrap(
        `Version ${version.version}: ${verbs[operation]} by ${nameOf(author)} on ${when(recordedAt)}`,
      ),
    );
    if (version.previousText !== null) lines.push(...wrap(version.previousText, '  before:  '));
    if (version.text !== null) lines.push(...wrap(version.text, '  after:   '));
    if (version.reason !== null) lines.push(...wrap(version.reason, '  reason:  '));
    if (version.decision !== null) lines.push(...decisionLines(version.decision));
    if (version.entries.length > 0) lines.push(`  resting on ${version.entries.length} entries:`);
    for (const entry of version.entries) lines.push(...entryLines(entry, '    - '));

    const readers = version.acknowledgedBy.map(
      (reader) => `${nameOf(reader)} (v${reader.version})`,
    );
    lines.push(...wrap(readers.length === 0 ? 'nobody yet' : listOf(readers), '  read by: '), '');
  }
  return lines;
}

/** What came of one entry: the decisions resting on it and the versions they made. */
export function printEntryTrail(trace: EntryTrace): string[] {
  const lines = [...heading('What came of one entry'), ...entryLines(trace.entry, '')];

  for (const decision of trace.decisions) {
    lines.push('', ...decisionLines(decision));
    const produced = decision.producedVersion;
    if (produced === null) continue;

    const kind = produced.document.kind === 'one-page-profile' ? 'one-page profile' : 'team plan';
    const change = `${verbs[produced.operation]} in "${titleOf(produced.section)}"`;
    lines.push(...wrap(`${kind} version ${produced.version}, ${change}`, '  made:    '));
    const readers = produced.acknowledgedBy.map(nameOf);
    lines.push(...wrap(readers.length === 0 ? 'nobody yet' : listOf(readers), '  read by: '));
  }
  return lines;
}

function decisionLines(decision: DecisionTrace): string[] {
  const { review, category, status, decidedBy, decidedAt } = decision;
  const completed =
    review.completedAt === null ? 'still open' : `completed ${when(review.completedAt)}`;
  const participants = listOf(review.participants.map(nameOf));
  return [
    ...wrap(
      `${category} insight, ${status}, decided by ${nameOf(decidedBy)} on ${when(decidedAt)}:`,
      '  insight: ',
    ),
    ...wrap(`"${decision.finding}"`, '           '),
    ...wrap(`started ${when(review.startedAt)}, ${completed}, with ${participants}`, '  review:  '),
  ];
}

function entryLines(entry: EntrySummary, first: string): string[] {
  const indent = ' '.repeat(first.length);
  return [
    ...wrap(
      `${when(entry.occurredAt)}, ${entry.activity}${entry.withdrawn ? ' (withdrawn)' : ''}`,
      first,
    ),
    ...wrap(`by ${nameOf(entry.author)}, written ${when(entry.writtenAt)}`, indent),
    ...wrap(entry.learned, `${indent}learned: `),
  ];
}
