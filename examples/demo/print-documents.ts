import type { DocumentView, Owed } from './api-types.ts';
import type { Cast } from './cast.ts';
import { heading, sectionTitles, when, wrap } from './text.ts';

/** A profile or team plan, section by section, as the people who use it would read it. */
export function printDocument(title: string, document: DocumentView): string[] {
  const since = document.since === null ? '' : `, in force since ${when(document.since)}`;
  const lines = [...heading(title), `Version ${document.version}${since}`];

  for (const [section, statements] of Object.entries(document.sections)) {
    lines.push('', sectionTitles[section] ?? section);
    if (statements.length === 0) lines.push('  (nothing yet)');
    for (const statement of statements) lines.push(...wrap(statement.text, '  - '));
  }
  return lines;
}

/** Who has still to read the newest version of which document. */
export async function printOutstanding(cast: Cast, employeeIds: string[]): Promise<string[]> {
  const lines = heading('Outstanding acknowledgements');
  const upToDate: string[] = [];

  for (const employeeId of employeeIds) {
    const name = cast.nameOf(employeeId);
    const { body } = await cast.auditor.get<Owed>(
      `/people/${employeeId}/outstanding-acknowledgements`,
    );
    if (body.items.length === 0) upToDate.push(name);

    for (const { document, acknowledgedVersion, latestVersion } of body.items) {
      const what =
        document.kind === 'one-page-profile'
          ? `one-page profile of ${cast.nameOf(document.subjectId)}`
          : 'team plan';
      const read =
        acknowledgedVersion === null
          ? 'has read no version'
          : `has read version ${acknowledgedVersion}`;
      lines.push(
        ...wrap(
          `owes the ${what}: ${read}, the latest is version ${latestVersion}.`,
          name.padEnd(20),
        ),
      );
    }
  }

  lines.push('', ...wrap(`Up to date with everything: ${listOrNobody(upToDate)}.`));
  return lines;
}

const listOrNobody = (names: string[]): string =>
  names.length === 0 ? 'nobody' : names.join(', ');
