import type { EntryView } from '../../../projections/learning-logs/views.ts';

/** An entry as the API shows it. */
export function presentEntry(entry: EntryView) {
  return { ...entry, reviewed: entry.reviewedIn.length > 0 };
}
