import { z } from 'zod';
import type { DomainErrorCode } from '../domain/errors.ts';

interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

const domainProblems: Record<DomainErrorCode, ProblemKind> = {
  PERSON_NOT_FOUND: { status: 404, title: 'No such person.' },
  TEAM_NOT_FOUND: { status: 404, title: 'No such team.' },
  LOG_NOT_FOUND: { status: 404, title: 'No such learning log.' },
  ENTRY_NOT_FOUND: { status: 404, title: 'No such learning-log entry.' },
  REVIEW_NOT_FOUND: { status: 404, title: 'No such review.' },
  DECISION_NOT_FOUND: { status: 404, title: 'No such decision in this review.' },
  VERSION_NOT_FOUND: { status: 404, title: 'No such version of this document.' },
  UNKNOWN_REFERENCE: { status: 422, title: 'The request names something that does not exist.' },
  PERSON_NOT_AN_EMPLOYEE: { status: 422, title: 'Only an employee can be named here.' },
  EXTERNAL_REFERENCE_TAKEN: {
    status: 409,
    title: 'Another person already carries this external reference.',
  },
  ALREADY_TEAM_MEMBER: { status: 409, title: 'The employee is already a member of the team.' },
  NOT_TEAM_MEMBER: { status: 409, title: 'The employee is not a member of the team.' },
  ALREADY_SUPPORTING_PERSON: { status: 409, title: 'The team already supports this person.' },
  NOT_SUPPORTING_PERSON: { status: 409, title: 'The team does not support this person.' },
  LOG_CLOSED: { status: 409, title: 'The learning log is closed.' },
  ENTRY_WITHDRAWN: { status: 409, title: 'The entry was withdrawn.' },
  PERSON_ERASED: {
    status: 409,
    title: 'The person was erased; nothing more is recorded about them.',
  },
  NOT_ENTRY_AUTHOR: { status: 403, title: 'Only the author of an entry may change it.' },
  NOT_YET_HAPPENED: {
    status: 422,
    title: 'A learning log records what has happened, not what is planned.',
  },
  AMENDMENT_LIMIT_REACHED: {
    status: 409,
    title: 'The entry has had as many amendments as one entry takes.',
  },
  ENTRY_NOT_IN_LOG: { status: 422, title: 'The entry belongs to another learning log.' },
  NOTHING_TO_REVIEW: { status: 422, title: 'There are no entries for the review to cover.' },
  REVIEW_ALREADY_COMPLETED: {
    status: 409,
    title: 'The review is completed and takes no more decisions.',
  },
  ENTRY_OUTSIDE_REVIEW: {
    status: 422,
    title: 'A decision can rest only on entries its review covers.',
  },
  DECISION_NOT_AN_INSIGHT: { status: 422, title: 'Only an insight can be declined or applied.' },
  INSIGHT_ALREADY_DECLINED: { status: 409, title: 'The insight was declined.' },
  INSIGHT_ALREADY_APPLIED: { status: 409, title: 'The insight was already applied.' },
  INSIGHT_NEEDS_NO_RECORD: {
    status: 422,
    title: 'The insight was agreed to need no record in a document.',
  },
  INSIGHT_DESTINATION_MISMATCH: {
    status: 422,
    title: 'The insight belongs to another document or section.',
  },
  UNKNOWN_SECTION: { status: 422, title: 'The document has no such section.' },
  STATEMENT_NOT_FOUND: { status: 422, title: 'The section has no such statement.' },
  STATEMENT_UNCHANGED: { status: 422, title: 'The new wording is the same as the current one.' },
  VERSION_DOES_NOT_EXIST: { status: 422, title: 'The document has no such version.' },
  VERSION_ALREADY_ACKNOWLEDGED: {
    status: 409,
    title: 'The employee has already acknowledged this version.',
  },
  ACKNOWLEDGER_REQUIRED: {
    status: 422,
    title: "Name the employee who read it: this key is not an employee's.",
  },
  ACKNOWLEDGING_FOR_ANOTHER_EMPLOYEE: {
    status: 403,
    title: 'An employee acknowledges only what they have read themselves.',
  },
  DESTINATION_NOT_FOR_THIS_LOG: {
    status: 422,
    title: "The document is not one this log's learning can go to.",
  },
};

const transportProblems = {
  VALIDATION_FAILED: { status: 400, title: 'The request does not match the schema.' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON.' },
  MALFORMED_URL: { status: 400, title: 'The request path is not valid.' },
  MALFORMED_REQUEST: { status: 400, title: 'The request is not well-formed HTTP.' },
  INVALID_CURSOR: { status: 400, title: 'The cursor is not one this list gave out.' },
  UNAUTHENTICATED: {
    status: 401,
    title:
      "A valid API key, or a valid token from the organisation's identity provider, is required.",
  },
  API_KEY_NOT_FOUND: { status: 404, title: 'This organisation has no API key with that prefix.' },
  EXPIRY_IN_THE_PAST: { status: 422, title: 'A new key must expire in the future.' },
  FORBIDDEN: { status: 403, title: 'This key or token may not do that.' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such resource.' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The resource does not support this method.' },
  REQUEST_TIMEOUT: {
    status: 408,
    title: 'The whole request did not arrive in time; send it again.',
  },
  CONCURRENT_MODIFICATION: {
    status: 409,
    title: 'Someone else changed this at the same moment; read it again and retry.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    title: 'A request with this Idempotency-Key is still running.',
  },
  IDEMPOTENCY_REQUEST_INTERRUPTED: {
    status: 409,
    title:
      'The first request with this Idempotency-Key was stored but never answered; read what it wrote instead of retrying.',
  },
  PRECONDITION_FAILED: {
    status: 412,
    title: 'The version in If-Match is not the current version.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send the body as application/json.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'This Idempotency-Key was used with a different request.',
  },
  PRECONDITION_REQUIRED: { status: 428, title: 'Send If-Match with the version you read.' },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests in this minute; retry after the seconds in Retry-After.',
  },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large.' },
  INTERNAL_ERROR: { status: 500, title: 'Something went wrong on our side.' },
  STORE_UNAVAILABLE: {
    status: 503,
    title: 'The store cannot take requests right now; retry shortly.',
  },
  READ_MODELS_BEHIND: {
    status: 503,
    title: 'The write is stored but not yet readable; retry the read shortly.',
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    status: 503,
    title: "The identity provider's signing keys cannot be fetched right now; retry shortly.",
  },
} as const satisfies Record<string, ProblemKind>;

export type ProblemCode = DomainErrorCode | keyof typeof transportProblems;

/** The one catalogue of error codes: each with its HTTP status and fixed title. */
export const problemCatalogue: Record<ProblemCode, ProblemKind> = {
  ...domainProblems,
  ...transportProblems,
};

/** The catalogue as a Markdown table, for the API's own documentation. */
export function catalogueTable(): string {
  const rows = Object.entries(problemCatalogue)
    .sort(([a, x], [b, y]) => x.status - y.status || a.localeCompare(b))
    .map(([code, { status, title }]) => `| ${status} | \`${code}\` | ${title} |`);
  return ['| status | code | meaning |', '|---|---|---|', ...rows].join('\n');
}

export function problemType(code: ProblemCode): string {
  return `urn:learning-log:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable, machine-readable error code.'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('For validation problems: every offending field.'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

/** A problem+json body for a code, with optional detail and extra members. */
export function problem(
  code: ProblemCode,
  extra: Omit<Partial<Problem>, 'type' | 'title' | 'status' | 'code'> = {},
): Problem {
  const { status, title } = problemCatalogue[code];
  return { type: problemType(code), title, status, code, ...extra };
}

/** An error a handler throws to answer with a given problem. */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly extra: Omit<Partial<Problem>, 'type' | 'title' | 'status' | 'code'> = {},
  ) {
    super(code);
    this.name = 'ProblemError';
  }
}
