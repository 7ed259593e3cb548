import type { PersonData, TeamData } from './types.ts';

/** Invented people. Any likeness to anyone real is an accident. */
export const people: PersonData[] = [
  { key: 'tamsin', displayName: 'Tamsin Pebblewick', externalRef: 'CR-EXAMPLE-0417' },
  {
    key: 'hannah',
    displayName: 'Hannah Wetherall',
    externalRef: 'STAFF-EXAMPLE-021',
    role: 'reviewer',
  },
  {
    key: 'priya',
    displayName: 'Priya Lanternfield',
    externalRef: 'STAFF-EXAMPLE-034',
    role: 'author',
  },
  {
    key: 'owen',
    displayName: 'Owen Brackenbury',
    externalRef: 'STAFF-EXAMPLE-040',
    role: 'author',
  },
  { key: 'jo', displayName: 'Jo Fettle', externalRef: 'STAFF-EXAMPLE-052', role: 'author' },
  {
    key: 'marcus',
    displayName: 'Marcus Dunnock',
    externalRef: 'STAFF-EXAMPLE-058',
    role: 'author',
  },
];

export const team: TeamData = {
  name: 'Lark Rise team',
  purpose:
    'Supporting Tamsin to live the life she chooses, at home on Lark Rise and out in Millbrook.',
  members: ['hannah', 'priya', 'owen', 'jo', 'marcus'],
  supports: ['tamsin'],
};
