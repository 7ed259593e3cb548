import { z } from 'zod';
import { problemCatalogue, problemSchema, ProblemError, type ProblemCode } from './problems.ts';

/** A problem+json response for each status the given codes can produce, for the OpenAPI document. */
export function problemResponses(...codes: ProblemCode[]) {
  const statuses = new Set([400, 401, ...codes.map((code) => problemCatalogue[code].status)]);
  return Object.fromEntries(
    [...statuses].sort().map((status) => [
      status,
      {
        description: [...new Set(codes.filter((code) => problemCatalogue[code].status === status))].join(', ') || 'Problem',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  ) as Record<number, { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }>;
}

export const uuid = z.uuid();

export const instant = z.iso.datetime({ offset: true }).describe('An instant in ISO 8601 with a time-zone offset.');

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

/** The version a client sent as If-Match, undefined when it sent none. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;

  const match = /^"(\d{1,9})"$/.exec(header.trim());
  if (match === null) {
    throw new ProblemError('VALIDATION_FAILED', { errors: [{ field: 'headers.if-match', message: 'Send the ETag as given, e.g. "3".' }] });
  }
  return Number(match[1]);
}

export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page.'),
  });
