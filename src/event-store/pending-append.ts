import type { AppendOptions, AppendResult, NewEvent } from './port.ts';

/** An append waiting for the transaction it will be committed in, with its caller's promise. */
export interface PendingAppend {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** What became of one append of a committed batch: stored, or refused alone. */
export type Outcome = { result: AppendResult } | { error: unknown };

/** Answers each append of a committed batch with its own outcome. */
export function settle(
  batch: readonly PendingAppend[],
  outcomes: readonly Outcome[],
  translate: (error: unknown) => unknown = (error) => error,
): void {
  batch.forEach((append, i) => {
    const outcome = outcomes[i]!;
    if ('result' in outcome) append.resolve(outcome.result);
    else append.reject(translate(outcome.error));
  });
}
