import type { Decider } from './decider.ts';
import { event, type DomainEvent, type EventData } from './events.ts';

/**
 * Access given and taken away. The key itself lives in the key store, as a
 * hash; these events are the record of who gave whom access, for auditors.
 */
export interface ApiKeyState {
  readonly issued: boolean;
  readonly revoked: boolean;
}

export type ApiKeyCommand =
  | { type: 'RecordIssue'; data: EventData<'ApiKeyIssued'> }
  | { type: 'RecordRevocation'; prefix: string };

export const apiKeyStream = (prefix: string): string => `api-key-${prefix}`;

export const apiKey: Decider<ApiKeyState, ApiKeyCommand> = {
  initialState: { issued: false, revoked: false },

  evolve(state, e: DomainEvent): ApiKeyState {
    if (e.type === 'ApiKeyIssued') return { ...state, issued: true };
    if (e.type === 'ApiKeyRevoked') return { ...state, revoked: true };
    return state;
  },

  decide(command, state) {
    if (command.type === 'RecordIssue') return [event('ApiKeyIssued', command.data)];
    // Revoking again changes nothing, so it records nothing.
    return state.revoked ? [] : [event('ApiKeyRevoked', { prefix: command.prefix })];
  },
};
