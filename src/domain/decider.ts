import type { DomainEvent } from './events.ts';

/**
 * One aggregate's behaviour: given the events so far, folded into state by
 * `evolve`, `decide` turns a command into new events or throws a DomainError.
 * Pure: no I/O, no clock; time and ids arrive inside commands.
 */
export interface Decider<State, Command> {
  readonly initialState: State;
  evolve(state: State, event: DomainEvent): State;
  decide(command: Command, state: State): DomainEvent[];
}

export function fold<State>(
  decider: Pick<Decider<State, never>, 'initialState' | 'evolve'>,
  events: readonly DomainEvent[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}
