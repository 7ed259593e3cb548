import { z } from 'zod';
import { problemCatalogue, problemSchema, ProblemError, type ProblemCode } from './problems.ts';

/** Problems any operation can answer with. */
const everyOperation: ProblemCode[] = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INTERNAL_ERROR',
  'IDENTITY_PROVIDER_UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
];

/** Problems any write can answer with, besides its own. */
export const everyWrite: ProblemCode[] = [
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  'IDEMPOTENCY_REQUEST_INTERRUPTED',
  'STORE_UNAVAILABLE',
  'READ_MODELS_BEHIND',
];

type ProblemResponse = {
  description: string;
  content: { 'application/problem+json': { schema: typeof problemSchema } };
};

/** A problem+json response for each status the given codes can produce, named by code in its description. */
export function problemResponses(...codes: ProblemCode[]): Record<number, ProblemResponse> {
  const all = [...new Set([...everyOperation, ...codes])];
  const statuses = [...new Set(all.map((code) => problemCatalogue[code].status))].sort();
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: all.filter((code) => problemCatalogue[code].status === status).join(', '),
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  );
}

export const uuid = z.uuid();

export { instant } from '../domain/text.ts';

export const idempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Makes a retried POST safe: the same key and body replays the first answer.'),
});

/** A strong ETag for a version number, and the version inside an If-Match. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version a client sent as If-Match, undefined when it sent none. The
 * ETag as given (`"3"`) is the form; a bare `3` is taken too. `*` and weak
 * tags are refused: a change must name the version it was made against.
 */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;

  const match = /^(?:"(\d{1,9})"|(\d{1,9}))$/.exec(header.trim());
  if (match === null) {
    throw new ProblemError('VALIDATION_FAILED', {
      errors: [{ field: 'headers.if-match', message: 'Send the ETag as given, e.g. "3".' }],
    });
  }
  return Number(match[1] ?? match[2]);
}

/** A whole number in a query string, written in plain digits (no `1e3`, no `0x10`, no blanks). */
export function wholeNumber(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,15}$/, 'Plain digits.')
    .default(String(fallback))
    .transform(Number)
    .pipe(z.number().min(min).max(max));
}

export const limitQuery = wholeNumber(1, 200, 50);

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    next: z
      .string()
      .nullable()
      .describe('Pass as `after` for the next page; null on the last page.'),
  });
