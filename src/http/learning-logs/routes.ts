import { z } from 'zod';
import { closeLog, openLog, recordEntry } from '../../application/learning.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { presentEntry } from '../entries/present.ts';
import { found } from '../found.ts';
import { contextOf } from '../request-context.ts';
import {
  etagOf,
  idempotencyKeyHeader,
  instant,
  limitQuery,
  pageOf,
  problemResponses,
  uuid,
} from '../schemas.ts';
import { entrySchema, logSchema, openLogBody, recordEntryBody } from './schemas.ts';

const logParams = z.object({ logId: uuid });
const tags = ['learning logs'];

export function learningLogRoutes(app: ZodApp, { services, queries }: Runtime): void {
  const readLog = async (tenant: string, logId: string) => {
    return found(await queries.logs.logWithStatus(tenant, logId), 'LOG_NOT_FOUND');
  };

  app.post('/learning-logs', {
    schema: {
      summary: 'Open a learning log about a person or a team',
      tags,
      headers: idempotencyKeyHeader,
      body: openLogBody,
      response: {
        201: logSchema,
        ...problemResponses('UNKNOWN_REFERENCE', 'IDEMPOTENCY_KEY_REUSED'),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const logId = await openLog(services, context, request.body);
      return reply
        .code(201)
        .header('location', `/learning-logs/${logId}`)
        .send(await readLog(context.tenant, logId));
    },
  });

  app.get('/learning-logs', {
    schema: {
      summary: "The organisation's learning logs, or those about one person or team",
      tags,
      querystring: z.object({
        subjectId: uuid.optional().describe('Only logs about this person or team.'),
        status: z.enum(['open', 'closed']).optional(),
      }),
      response: { 200: z.object({ items: z.array(logSchema) }), ...problemResponses() },
    },
    handler: async (request) => ({
      items: await queries.logs.logs(contextOf(request).tenant, request.query),
    }),
  });

  app.get('/review-queue', {
    schema: {
      summary: 'Open logs with entries waiting for review or a review due, the most pressing first',
      tags: ['reviews'],
      response: { 200: z.object({ items: z.array(logSchema) }), ...problemResponses() },
    },
    handler: async (request) => {
      const { tenant } = contextOf(request);
      const pressing = await queries.logs.reviewQueue(tenant, new Date());
      // Nothing more can be recorded about an erased person, so no review of theirs can be held.
      const items = [];
      for (const log of pressing) {
        const { subject } = log;
        const erased =
          subject.kind === 'person' &&
          (await queries.directory.person(tenant, subject.personId))?.erasedAt !== undefined;
        if (!erased) items.push(log);
      }
      return { items };
    },
  });

  app.get('/learning-logs/:logId', {
    schema: {
      summary: 'Read a learning log',
      tags,
      params: logParams,
      response: { 200: logSchema, ...problemResponses('LOG_NOT_FOUND') },
    },
    handler: async (request) => readLog(contextOf(request).tenant, request.params.logId),
  });

  app.post('/learning-logs/:logId/closure', {
    schema: {
      summary: 'Close a learning log',
      tags,
      params: logParams,
      headers: idempotencyKeyHeader,
      body: z.strictObject({ reason: text(limits.short).optional() }).nullish(),
      response: {
        200: logSchema,
        ...problemResponses('LOG_NOT_FOUND', 'LOG_CLOSED', 'CONCURRENT_MODIFICATION'),
      },
    },
    handler: async (request) => {
      const context = contextOf(request);
      await closeLog(services, context, request.params.logId, request.body?.reason ?? null);
      return readLog(context.tenant, request.params.logId);
    },
  });

  app.post('/learning-logs/:logId/entries', {
    schema: {
      summary: 'Record a learning-log entry',
      description:
        'The author is the caller and the time of writing is the server clock; `occurredAt` is when the activity happened.',
      tags,
      params: logParams,
      headers: idempotencyKeyHeader,
      body: recordEntryBody,
      response: {
        201: entrySchema,
        ...problemResponses(
          'LOG_NOT_FOUND',
          'NOT_YET_HAPPENED',
          'LOG_CLOSED',
          'UNKNOWN_REFERENCE',
          'PERSON_NOT_AN_EMPLOYEE',
        ),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const body = request.body;
      const content = {
        ...body,
        durationMinutes: body.durationMinutes ?? null,
        present: body.present ?? { employeeIds: [], others: [] },
        participation: body.participation ?? null,
        importantTo: body.importantTo ?? null,
        importantFor: body.importantFor ?? null,
      };
      const entryId = await recordEntry(services, context, request.params.logId, content);

      const entry = presentEntry((await queries.logs.entry(context.tenant, entryId))!);
      return reply
        .code(201)
        .header('location', `/entries/${entryId}`)
        .header('etag', etagOf(entry.version))
        .send(entry);
    },
  });

  app.get('/learning-logs/:logId/entries', {
    schema: {
      summary: "List a log's entries, in order of when the activity happened",
      tags,
      params: logParams,
      querystring: z.object({
        from: instant.optional().describe('Activities at or after this instant.'),
        to: instant.optional().describe('Activities before this instant.'),
        authorId: z.string().min(1).max(200).optional(),
        reviewed: z
          .enum(['true', 'false'])
          .optional()
          .describe('Only reviewed, or only unreviewed, entries.'),
        limit: limitQuery,
        after: z.string().max(500).optional().describe('The `next` cursor of the previous page.'),
      }),
      response: {
        200: pageOf(entrySchema),
        ...problemResponses('LOG_NOT_FOUND', 'INVALID_CURSOR'),
      },
    },
    handler: async (request) => {
      const tenant = contextOf(request).tenant;
      await readLog(tenant, request.params.logId);
      const { reviewed, ...filter } = request.query;
      const page = await queries.logs.entries(tenant, request.params.logId, {
        ...filter,
        ...(reviewed === undefined ? {} : { reviewed: reviewed === 'true' }),
      });
      return { items: page.items.map(presentEntry), next: page.next };
    },
  });
}
