import { ProblemError, type ProblemCode } from './problems.ts';

/** The resource a path names, or the 404 that says it does not exist. */
export function found<T>(value: T | undefined, notFound: ProblemCode): T {
  if (value === undefined) throw new ProblemError(notFound);
  return value;
}
