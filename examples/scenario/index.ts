import { acknowledgements, directEdits } from './documents.ts';
import { people, team } from './people.ts';
import { potteryLog } from './pottery-log.ts';
import { reviews } from './reviews.ts';
import { handoverLog } from './team-log.ts';
import type { Scenario } from './types.ts';

export type * from './types.ts';

/** Tamsin tries pottery; her team learns with her, and about its own handovers. */
export const scenario: Scenario = {
  people,
  team,
  logs: [potteryLog, handoverLog],
  reviews,
  directEdits,
  acknowledgements,
  tracedStatement: 'clay',
};
