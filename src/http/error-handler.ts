import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { InvalidCursorError } from '../../projections/learning-logs/queries.ts';
import {
  ProjectionStalledError,
  ProjectionTimeoutError,
} from '../../projections/engine/projector.ts';
import { PreconditionFailedError } from '../application/errors.ts';
import { DomainError } from '../domain/errors.ts';
import { isStoreUnavailable, WrongExpectedRevisionError } from '../event-store/errors.ts';
import { markWrittenBeforeFailing } from './idempotency.ts';
import { problem, ProblemError, type Problem, type ProblemCode } from './problems.ts';

const fastifyCodes: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_BAD_URL: 'MALFORMED_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'MALFORMED_URL',
};

/** When a client may try again after a 503, in seconds. */
const retryAfterSeconds: Partial<Record<ProblemCode, string>> = {
  STORE_UNAVAILABLE: '1',
  READ_MODELS_BEHIND: '1',
  IDENTITY_PROVIDER_UNAVAILABLE: '5',
};

/** Where a field sits in the request, as validation problems name it. */
const locations: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'headers',
};

/** Transport problems name the part of the request at fault, like validation problems do. */
const transportFields: Partial<Record<ProblemCode, { field: string; message: string }>> = {
  MALFORMED_JSON: { field: 'body', message: 'Not valid JSON.' },
  PAYLOAD_TOO_LARGE: { field: 'body', message: 'Too large.' },
  UNSUPPORTED_MEDIA_TYPE: { field: 'headers.content-type', message: 'Send application/json.' },
  MALFORMED_URL: {
    field: 'path',
    message: 'Not a valid path: a bad escape, or a part far too long.',
  },
};

/** Turns every error into application/problem+json; nothing internal reaches the client. */
export function handleError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  // A rejection without an error at all (`undefined`, `null`) is an internal failure like any other.
  const body = error == null ? problem('INTERNAL_ERROR') : problemFor(error);

  if (body.status === 503) {
    // The store or the identity provider away: one short line per request, not a stack each,
    // with the driver's code (SQLITE_FULL, ECONNREFUSED) to tell outages apart.
    request.log.warn(
      { code: body.code, status: 503, cause: causeCodeOf(error) },
      'request refused',
    );
  } else if (body.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.code, status: body.status }, 'request refused');

  const retryAfter = retryAfterSeconds[body.code as ProblemCode];
  if (retryAfter !== undefined) reply.header('retry-after', retryAfter);
  if (body.code === 'READ_MODELS_BEHIND') markWrittenBeforeFailing(request);
  if (body.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
  return reply.code(body.status).type('application/problem+json').send(body);
}

function problemFor(error: FastifyError): Problem {
  if (error instanceof ProblemError)
    return problem(error.code, { ...transportErrors(error.code), ...error.extra });

  if (error instanceof DomainError) {
    const { field, ...details } = error.details as { field?: string };
    // Domain rules name fields of the body; the catalogue names every field with its location.
    const errors =
      typeof field === 'string' ? [{ field: `body.${field}`, message: error.message }] : undefined;
    return problem(error.code, {
      detail: error.message,
      ...(errors ? { errors } : {}),
      ...details,
    });
  }

  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = locations[error.validationContext ?? 'body'] ?? 'body';
    const errors = error.validation.flatMap((issue) => {
      const path = [location, ...issue.instancePath.split('/').filter(Boolean)];
      // An unknown member is named itself, not the object that holds it.
      const unknown =
        issue.keyword === 'unrecognized_keys'
          ? (issue.params as { keys?: string[] }).keys
          : undefined;
      return (unknown ?? [undefined]).map((key) => ({
        field: [...path, ...(key === undefined ? [] : [key])].join('.'),
        message: issue.message,
      }));
    });
    return problem('VALIDATION_FAILED', {
      detail: 'See errors for every offending field.',
      errors,
    });
  }

  if (error instanceof PreconditionFailedError) {
    return problem('PRECONDITION_FAILED', {
      detail: `You sent version ${error.expectedVersion}; the current version is ${error.currentVersion}.`,
      currentVersion: error.currentVersion,
    });
  }
  if (error instanceof WrongExpectedRevisionError) return problem('CONCURRENT_MODIFICATION');
  if (isStoreUnavailable(error)) return problem('STORE_UNAVAILABLE');
  if (error instanceof ProjectionTimeoutError || error instanceof ProjectionStalledError) {
    return problem('READ_MODELS_BEHIND', {
      detail:
        'The write is stored. A retry with the same Idempotency-Key gives this answer again; read the resource later instead.',
    });
  }
  if (error instanceof InvalidCursorError)
    return problem('INVALID_CURSOR', {
      errors: [{ field: 'query.after', message: error.message }],
    });

  const mapped = error.code === undefined ? undefined : fastifyCodes[error.code];
  if (mapped !== undefined) return problem(mapped, transportErrors(mapped));
  if (error.statusCode === 400) return problem('MALFORMED_JSON', transportErrors('MALFORMED_JSON'));
  // The documentation's file server refuses paths that climb out of its folder: nothing is there.
  if (error.statusCode === 403 || error.statusCode === 404) return problem('ROUTE_NOT_FOUND');

  return problem('INTERNAL_ERROR');
}

function transportErrors(code: ProblemCode): Pick<Problem, 'errors'> {
  const known = transportFields[code];
  return known === undefined ? {} : { errors: [known] };
}

/** The machine-readable code of what lay beneath an error, if any: never its message. */
function causeCodeOf(error: unknown): string | undefined {
  for (let at = error, depth = 0; at instanceof Error && depth < 5; depth += 1) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    at = at.cause;
  }
  return undefined;
}
