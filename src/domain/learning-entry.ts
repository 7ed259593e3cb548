import type { Decider } from './decider.ts';
import { fail } from './errors.ts';
import { event, type DomainEvent, type EntryContent } from './events.ts';
import type { LearningLogState } from './learning-log.ts';

export interface LearningEntryState {
  readonly recorded: boolean;
  readonly logId: string | null;
  /** Who recorded the entry: only they may amend it. */
  readonly authorId: string | null;
  readonly withdrawn: boolean;
  /** The entry as it reads now. */
  readonly content: EntryContent | null;
  readonly amendments: number;
}

/**
 * Amendments correct an entry; an entry that needs more than this many is
 * better withdrawn and written again. The bound also keeps one entry's history,
 * which every read returns in full, to a sensible size.
 */
export const amendmentLimit = 20;

export type LearningEntryCommand =
  | {
      type: 'RecordEntry';
      entryId: string;
      logId: string;
      log: LearningLogState;
      authorId: string;
      content: EntryContent;
    }
  | {
      type: 'AmendEntry';
      entryId: string;
      amendedBy: string;
      changes: Partial<EntryContent>;
      reason: string;
    }
  | {
      type: 'WithdrawEntry';
      entryId: string;
      withdrawnBy: string;
      /** A reviewer may withdraw anyone's entry written in error; others only their own. */
      byReviewer: boolean;
      reason: string;
    };

export const entryStream = (entryId: string): string => `entry-${entryId}`;

export const learningEntry: Decider<LearningEntryState, LearningEntryCommand> = {
  initialState: {
    recorded: false,
    logId: null,
    authorId: null,
    withdrawn: false,
    content: null,
    amendments: 0,
  },

  evolve(state, e: DomainEvent): LearningEntryState {
    if (e.type === 'LearningEntryRecorded') {
      return {
        recorded: true,
        logId: e.data.logId,
        authorId: e.data.authorId,
        withdrawn: false,
        content: e.data.content,
        amendments: 0,
      };
    }
    if (e.type === 'LearningEntryAmended')
      return { ...state, content: e.data.content, amendments: state.amendments + 1 };
    if (e.type === 'LearningEntryWithdrawn') return { ...state, withdrawn: true };
    return state;
  },

  decide(command, state) {
    if (command.type === 'RecordEntry') {
      if (command.log.closed)
        fail('LOG_CLOSED', 'Entries cannot be recorded in a closed learning log.');
      const { entryId, logId, authorId, content } = command;
      return [event('LearningEntryRecorded', { entryId, logId, authorId, content })];
    }

    // Amendments and withdrawals of an entry written in error are corrections,
    // still welcome after the log has closed; only a withdrawn entry is final.
    if (state.withdrawn) fail('ENTRY_WITHDRAWN', 'This entry was withdrawn and cannot change.');
    const logId = state.logId!;

    if (command.type === 'AmendEntry') {
      // The author's account stays theirs: others who see it differently write an entry of their own.
      if (command.amendedBy !== state.authorId)
        fail('NOT_ENTRY_AUTHOR', 'Only the author of an entry may amend it.');
      if (state.amendments >= amendmentLimit) {
        fail(
          'AMENDMENT_LIMIT_REACHED',
          `An entry takes at most ${amendmentLimit} amendments; withdraw it and write it again.`,
        );
      }
      const { entryId, amendedBy, changes, reason } = command;
      // An amendment names only the fields it corrects; the event keeps the whole entry as amended.
      const content = { ...state.content!, ...changes };
      return [event('LearningEntryAmended', { entryId, logId, amendedBy, content, reason })];
    }

    const { entryId, withdrawnBy, reason } = command;
    if (!command.byReviewer && withdrawnBy !== state.authorId)
      fail('NOT_ENTRY_AUTHOR', 'Only the author of an entry or a reviewer may withdraw it.');
    return [event('LearningEntryWithdrawn', { entryId, logId, withdrawnBy, reason })];
  },
};
