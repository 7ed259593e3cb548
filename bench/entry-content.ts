import type { EntryContent } from '../src/domain/events.ts';

/*
 * What a support worker writes after an activity, varied by a counter so that
 * no two entries are alike: the HTTP writes and the generated store both use
 * it. Every field is filled in, as a careful author would, so each entry is
 * about 1 kB of JSON and seals ten fields.
 */

const places = ['the pottery class', 'the swimming pool', 'the market', 'the garden centre'];
const activities = ['a first visit', 'a morning walk', 'shopping for lunch', 'a bus trip'];
const worked = [
  'She chose the route herself and set the pace; waiting at the door for her helped.',
  'Going early, before it got busy, kept things calm and she stayed longer than planned.',
  'Showing her the photo of the place the day before meant she knew what to expect.',
];
const didNotWork = [
  'The noise of the hand dryer upset her; she left the room and needed time outside.',
  'We rushed the last part to catch the bus and she stopped talking for a while.',
  'Too many people asked her questions at once; she turned away from all of them.',
];

/** Entry number `n`, the activity `minutesAgo` minutes before `now`. */
export function entryContent(n: number, now: Date, minutesAgo: number): EntryContent {
  const pick = <T>(list: readonly T[]): T => list[n % list.length]!;
  return {
    occurredAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    durationMinutes: 30 + (n % 90),
    place: `${pick(places)} (visit ${n})`,
    activity: `${pick(activities)}, number ${n}`,
    present: { employeeIds: [], others: ['her sister'] },
    whatWorked: `${pick(worked)} (${n})`,
    whatDidNotWork: `${pick(didNotWork)} (${n})`,
    learned: `Small, known steps matter more than the outing itself; note ${n}.`,
    nextTime: `Send the photo the evening before and leave ten minutes earlier (${n}).`,
    participation: 'Took part throughout and chose what to do next.',
    importantTo: 'Choosing the order of things; her sister being there.',
    importantFor: 'Quiet breaks away from crowds; drinking enough water.',
  };
}
