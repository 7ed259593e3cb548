import type { When } from '../scenario/index.ts';

const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const dayMs = 24 * 60 * 60 * 1000;

/** Turns the scenario's `week 1 Tue 18:30` into real instants, all in the recent past. */
export interface Calendar {
  instant(when: When): Date;
  /** The calendar date a number of days after `when`, as YYYY-MM-DD. */
  dateAfter(when: When, days: number): string;
}

/** Week 1 starts on the Monday eight weeks before the one of `today`, so week 8 is last week. */
export function calendarFrom(today: Date): Calendar {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const sinceMonday = (today.getUTCDay() + 6) % 7;
  const weekOne = midnight - sinceMonday * dayMs - 8 * 7 * dayMs;

  const instant = (when: When): Date => {
    const match = /^week (\d+) (\w{3}) (\d{1,2}):(\d{2})$/.exec(when);
    const day = days.indexOf(match?.[2] ?? '');
    if (match === null || day < 0) throw new Error(`not a scenario time: ${when}`);

    const [, week, , hours, minutes] = match.map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return new Date(weekOne + ((week - 1) * 7 + day) * dayMs + (hours * 60 + minutes) * 60 * 1000);
  };

  return {
    instant,
    dateAfter: (when, count) =>
      new Date(instant(when).getTime() + count * dayMs).toISOString().slice(0, 10),
  };
}
