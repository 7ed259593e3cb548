import type { Decider } from './decider.ts';
import { fail } from './errors.ts';
import { event, type DomainEvent, type EventData } from './events.ts';
import type { PersonKind } from './vocabulary.ts';

export interface PersonState {
  readonly registered: boolean;
  readonly kind: PersonKind | null;
  readonly erased: boolean;
}

export type PersonCommand =
  | {
      type: 'RegisterPerson';
      data: EventData<'PersonRegistered'>;
      /** Whether another person of the organisation already carries this external reference. */
      externalRefTaken: boolean;
    }
  | { type: 'RecordErasure'; personId: string; reason: string };

export const personStream = (personId: string): string => `person-${personId}`;

export const person: Decider<PersonState, PersonCommand> = {
  initialState: { registered: false, kind: null, erased: false },

  evolve(state, e: DomainEvent): PersonState {
    if (e.type === 'PersonRegistered') return { ...state, registered: true, kind: e.data.kind };
    if (e.type === 'PersonErased') return { ...state, erased: true };
    return state;
  },

  decide(command, state) {
    if (command.type === 'RecordErasure') {
      if (state.erased) fail('PERSON_ERASED', 'This person was erased already.');
      const { personId, reason } = command;
      return [event('PersonErased', { personId, reason })];
    }

    // A person with an external reference lives in a stream named after it (see
    // application/people.ts), so a registered stream means the reference is taken.
    if (command.externalRefTaken || state.registered) {
      fail('EXTERNAL_REFERENCE_TAKEN', 'Another person already carries this external reference.', {
        field: 'externalRef',
      });
    }
    return [event('PersonRegistered', command.data)];
  },
};
