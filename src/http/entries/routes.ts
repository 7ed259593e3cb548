import { z } from 'zod';
import { amendEntry, withdrawEntry } from '../../application/learning.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { entryTraceSchema } from '../audit-trail/schemas.ts';
import { amendEntryBody, entrySchema } from '../learning-logs/schemas.ts';
import { found } from '../found.ts';
import { contextOf } from '../request-context.ts';
import {
  etagOf,
  idempotencyKeyHeader,
  ifMatchVersion,
  problemResponses,
  uuid,
} from '../schemas.ts';
import { presentEntry } from './present.ts';

const entryParams = z.object({ entryId: uuid });
const ifMatchHeaders = idempotencyKeyHeader.extend({
  'if-match': z
    .string()
    .max(20)
    .optional()
    .describe('The entry version you read, as its ETag; a stale one is refused with 412.'),
});
const tags = ['learning logs'];
const changeProblems = problemResponses(
  'ENTRY_NOT_FOUND',
  'ENTRY_WITHDRAWN',
  'NOT_ENTRY_AUTHOR',
  'AMENDMENT_LIMIT_REACHED',
  'NOT_YET_HAPPENED',
  'PRECONDITION_FAILED',
  'CONCURRENT_MODIFICATION',
  'UNKNOWN_REFERENCE',
);

export function entryRoutes(app: ZodApp, { services, queries }: Runtime): void {
  const readEntry = async (tenant: string, entryId: string) => {
    return presentEntry(found(await queries.logs.entry(tenant, entryId), 'ENTRY_NOT_FOUND'));
  };

  app.get('/entries/:entryId', {
    schema: {
      summary: 'Read an entry, with the original and every amendment',
      tags,
      params: entryParams,
      response: { 200: entrySchema, ...problemResponses('ENTRY_NOT_FOUND') },
    },
    handler: async (request, reply) => {
      const entry = await readEntry(contextOf(request).tenant, request.params.entryId);
      return reply.header('etag', etagOf(entry.version)).send(entry);
    },
  });

  app.post('/entries/:entryId/amendments', {
    schema: {
      summary: 'Amend an entry; the original stays readable',
      tags,
      params: entryParams,
      headers: ifMatchHeaders,
      body: amendEntryBody,
      response: { 200: entrySchema, ...changeProblems },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const ifMatch = ifMatchVersion(request.headers['if-match']);
      const version = await amendEntry(
        services,
        context,
        request.params.entryId,
        request.body,
        ifMatch,
      );
      return reply
        .header('etag', etagOf(version))
        .send(await readEntry(context.tenant, request.params.entryId));
    },
  });

  app.post('/entries/:entryId/withdrawal', {
    schema: {
      summary: 'Withdraw an entry written in error; it stays visible',
      tags,
      params: entryParams,
      headers: ifMatchHeaders,
      body: z.strictObject({ reason: text(limits.short) }),
      response: { 200: entrySchema, ...changeProblems },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const ifMatch = ifMatchVersion(request.headers['if-match']);
      const version = await withdrawEntry(
        services,
        context,
        request.params.entryId,
        request.body.reason,
        ifMatch,
      );
      return reply
        .header('etag', etagOf(version))
        .send(await readEntry(context.tenant, request.params.entryId));
    },
  });

  app.get('/entries/:entryId/audit-trail', {
    schema: {
      summary: 'What came of an entry: decisions, document versions, acknowledgements',
      tags: ['audit trail'],
      params: entryParams,
      response: { 200: entryTraceSchema, ...problemResponses('ENTRY_NOT_FOUND') },
    },
    handler: async (request) => {
      return found(
        await queries.auditTrail.ofEntry(contextOf(request).tenant, request.params.entryId),
        'ENTRY_NOT_FOUND',
      );
    },
  });
}
