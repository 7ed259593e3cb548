/** Plain-text layout for the report: headings, wrapped lines, dates people read. */

export const width = 78;

export const sectionTitles: Record<string, string> = {
  appreciation: 'What people appreciate about me',
  'important-to': 'What is important to me',
  'how-to-support': 'How best to support me',
  purpose: 'Our purpose',
  'who-we-are': 'Who we are',
  'important-to-us': 'What is important to us as a team',
  'how-we-support-each-other': 'How we support each other',
  'core-duties': 'Our core duties',
  'judgement-and-creativity': 'Where we use judgement and creativity',
  'not-ours-to-do': 'What is not ours to do',
  'agreed-and-learned': 'What we have agreed and learned',
};

export function heading(title: string): string[] {
  return ['', title.toUpperCase(), '='.repeat(Math.min(title.length, width)), ''];
}

/**
 * Wraps `text` to the page width. The first line starts with `first`, the
 * others are indented to line up under the text that follows it.
 */
export function wrap(text: string, first = '', rest = ' '.repeat(first.length)): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = lines.length === 0 ? first : rest;
    if (line.length > prefix.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (line.length > prefix.length ? ' ' : '') + word;
    }
  }
  lines.push(line);
  return lines;
}

const parts = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** `Tue 20 Oct 18:30`: the scenario's times are kept in UTC throughout. */
export function when(iso: string): string {
  const part = Object.fromEntries(
    parts.formatToParts(new Date(iso)).map(({ type, value }) => [type, value]),
  );
  return `${part.weekday} ${part.day} ${part.month} ${part.hour}:${part.minute}`;
}

/** `Tue 27 Oct`, for a calendar date such as a due date. */
export function day(date: string): string {
  return when(`${date}T00:00:00Z`).slice(0, -6);
}

export function listOf(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
