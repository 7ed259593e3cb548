import type { Decider } from './decider.ts';
import { fail } from './errors.ts';
import { event, type DomainEvent, type EventData } from './events.ts';

export interface TeamState {
  readonly formed: boolean;
  readonly members: ReadonlySet<string>;
  readonly supports: ReadonlySet<string>;
}

export type TeamCommand =
  | { type: 'FormTeam'; data: EventData<'TeamFormed'> }
  | { type: 'AddMember'; teamId: string; personId: string }
  | { type: 'RemoveMember'; teamId: string; personId: string }
  | { type: 'StartSupporting'; teamId: string; personId: string }
  | { type: 'StopSupporting'; teamId: string; personId: string };

export const teamStream = (teamId: string): string => `team-${teamId}`;

export const team: Decider<TeamState, TeamCommand> = {
  initialState: { formed: false, members: new Set(), supports: new Set() },

  evolve(state, e: DomainEvent): TeamState {
    switch (e.type) {
      case 'TeamFormed':
        return { ...state, formed: true };
      case 'TeamMemberJoined':
        return { ...state, members: new Set(state.members).add(e.data.personId) };
      case 'TeamMemberLeft':
        return { ...state, members: without(state.members, e.data.personId) };
      case 'TeamStartedSupportingPerson':
        return { ...state, supports: new Set(state.supports).add(e.data.personId) };
      case 'TeamStoppedSupportingPerson':
        return { ...state, supports: without(state.supports, e.data.personId) };
      default:
        return state;
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'FormTeam':
        return [event('TeamFormed', command.data)];

      case 'AddMember':
        if (state.members.has(command.personId)) {
          fail('ALREADY_TEAM_MEMBER', 'This employee is already a member of the team.');
        }
        return [event('TeamMemberJoined', { teamId: command.teamId, personId: command.personId })];

      case 'RemoveMember':
        if (!state.members.has(command.personId)) {
          fail('NOT_TEAM_MEMBER', 'This employee is not a member of the team.');
        }
        return [event('TeamMemberLeft', { teamId: command.teamId, personId: command.personId })];

      case 'StartSupporting':
        if (state.supports.has(command.personId)) {
          fail('ALREADY_SUPPORTING_PERSON', 'The team already supports this person.');
        }
        return [
          event('TeamStartedSupportingPerson', {
            teamId: command.teamId,
            personId: command.personId,
          }),
        ];

      case 'StopSupporting':
        if (!state.supports.has(command.personId)) {
          fail('NOT_SUPPORTING_PERSON', 'The team does not support this person.');
        }
        return [
          event('TeamStoppedSupportingPerson', {
            teamId: command.teamId,
            personId: command.personId,
          }),
        ];
    }
  },
};

function without(set: ReadonlySet<string>, item: string): Set<string> {
  const copy = new Set(set);
  copy.delete(item);
  return copy;
}
