/**
 * A broken domain rule. The code is a stable fact clients may branch on; the
 * HTTP layer maps each code to a status through the error catalogue.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const domainErrorCodes = [
  // A resource named in the path does not exist (404).
  'PERSON_NOT_FOUND',
  'TEAM_NOT_FOUND',
  'LOG_NOT_FOUND',
  'ENTRY_NOT_FOUND',
  'REVIEW_NOT_FOUND',
  'DECISION_NOT_FOUND',
  'VERSION_NOT_FOUND',
  // A broken rule (409 when it depends on what happened before, 422 when the request cannot make sense).
  'UNKNOWN_REFERENCE',
  'PERSON_NOT_AN_EMPLOYEE',
  'EXTERNAL_REFERENCE_TAKEN',
  'ALREADY_TEAM_MEMBER',
  'NOT_TEAM_MEMBER',
  'ALREADY_SUPPORTING_PERSON',
  'NOT_SUPPORTING_PERSON',
  'LOG_CLOSED',
  'ENTRY_WITHDRAWN',
  // The person was erased: nothing more is recorded about them (409).
  'PERSON_ERASED',
  // Someone other than its author tries to change an entry (403).
  'NOT_ENTRY_AUTHOR',
  'AMENDMENT_LIMIT_REACHED',
  'NOT_YET_HAPPENED',
  'ENTRY_NOT_IN_LOG',
  'NOTHING_TO_REVIEW',
  'REVIEW_ALREADY_COMPLETED',
  'ENTRY_OUTSIDE_REVIEW',
  'DECISION_NOT_AN_INSIGHT',
  'INSIGHT_ALREADY_DECLINED',
  'INSIGHT_ALREADY_APPLIED',
  'INSIGHT_NEEDS_NO_RECORD',
  'INSIGHT_DESTINATION_MISMATCH',
  'UNKNOWN_SECTION',
  'STATEMENT_NOT_FOUND',
  'STATEMENT_UNCHANGED',
  'VERSION_DOES_NOT_EXIST',
  'VERSION_ALREADY_ACKNOWLEDGED',
  'ACKNOWLEDGER_REQUIRED',
  'ACKNOWLEDGING_FOR_ANOTHER_EMPLOYEE',
  'DESTINATION_NOT_FOR_THIS_LOG',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export function fail(
  code: DomainErrorCode,
  message: string,
  details?: Record<string, unknown>,
): never {
  throw new DomainError(code, message, details);
}
