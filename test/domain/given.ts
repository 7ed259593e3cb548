import { fold, type Decider } from '../../src/domain/decider.ts';
import { DomainError, type DomainErrorCode } from '../../src/domain/errors.ts';
import { eventSchemas, type DomainEvent } from '../../src/domain/events.ts';

export interface Given<State, Command> {
  /** The state the past events fold into. */
  readonly state: State;
  /** The events the command produces, or the code of the DomainError it was refused with. */
  when(command: Command): DomainEvent[] | DomainErrorCode;
  /** The whole DomainError a command is refused with, for tests that look at its details. */
  whenRefused(command: Command): DomainError;
}

/**
 * Given these past events, when this command: then these events or this error code.
 * Every event on either side must satisfy the event catalogue, so a fixture or a
 * decider that writes something the store would refuse fails the test.
 */
export function given<State, Command>(
  decider: Decider<State, Command>,
  past: readonly DomainEvent[] = [],
): Given<State, Command> {
  past.forEach(conform);
  const state = fold(decider, past);

  const when = (command: Command): DomainEvent[] | DomainErrorCode => {
    try {
      const events = decider.decide(command, state);
      events.forEach(conform);
      return events;
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  };

  const whenRefused = (command: Command): DomainError => {
    try {
      decider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected the command to be refused, but it was accepted');
  };

  return { state, when, whenRefused };
}

function conform(e: DomainEvent): void {
  const result = eventSchemas[e.type].safeParse(e.data);
  if (!result.success) throw new Error(`${e.type} breaks the catalogue: ${result.error.message}`);
}
