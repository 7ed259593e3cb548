import type { Decider } from './decider.ts';
import { fail } from './errors.ts';
import { event, type DomainEvent, type EventData } from './events.ts';
import type { LogSubject } from './vocabulary.ts';

export interface LearningLogState {
  readonly opened: boolean;
  readonly closed: boolean;
  readonly subject: LogSubject | null;
}

export type LearningLogCommand =
  | { type: 'OpenLog'; data: EventData<'LearningLogOpened'> }
  | { type: 'CloseLog'; logId: string; reason: string | null };

export const logStream = (logId: string): string => `log-${logId}`;

export const learningLog: Decider<LearningLogState, LearningLogCommand> = {
  initialState: { opened: false, closed: false, subject: null },

  evolve(state, e: DomainEvent): LearningLogState {
    if (e.type === 'LearningLogOpened')
      return { opened: true, closed: false, subject: e.data.subject };
    if (e.type === 'LearningLogClosed') return { ...state, closed: true };
    return state;
  },

  decide(command, state) {
    if (command.type === 'OpenLog') return [event('LearningLogOpened', command.data)];

    if (state.closed) fail('LOG_CLOSED', 'This learning log is already closed.');
    return [event('LearningLogClosed', { logId: command.logId, reason: command.reason })];
  },
};
