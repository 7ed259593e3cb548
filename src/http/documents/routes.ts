import { z } from 'zod';
import { acknowledge } from '../../application/acknowledgements.ts';
import { changeDocument, checkDocumentSubject } from '../../application/documents.ts';
import { DomainError } from '../../domain/errors.ts';
import type { DocumentKind, DocumentRef } from '../../domain/vocabulary.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { documentTrailSchema } from '../audit-trail/schemas.ts';
import { ProblemError } from '../problems.ts';
import type { RequestContext } from '../../application/context.ts';
import { contextOf } from '../request-context.ts';
import {
  etagOf,
  idempotencyKeyHeader,
  ifMatchVersion,
  instant,
  problemResponses,
  uuid,
} from '../schemas.ts';
import {
  acknowledgeBody,
  changeBody,
  changeSchema,
  documentSchema,
  readersSchema,
} from './schemas.ts';

interface Mount {
  kind: DocumentKind;
  base: string;
  param: 'personId' | 'teamId';
  notFound: 'PERSON_NOT_FOUND' | 'TEAM_NOT_FOUND';
  tag: string;
}

const mounts: Mount[] = [
  {
    kind: 'one-page-profile',
    base: '/people/:personId/profile',
    param: 'personId',
    notFound: 'PERSON_NOT_FOUND',
    tag: 'one-page profiles',
  },
  {
    kind: 'team-plan',
    base: '/teams/:teamId/plan',
    param: 'teamId',
    notFound: 'TEAM_NOT_FOUND',
    tag: 'team plans',
  },
];

/** The same routes serve one-page profiles and team plans. */
export function documentRoutes(app: ZodApp, runtime: Runtime): void {
  for (const mount of mounts) routesFor(app, runtime, mount);
}

function routesFor(app: ZodApp, { services, queries }: Runtime, mount: Mount): void {
  const { kind, base, tag, notFound } = mount;
  const params = z.object({ [mount.param]: uuid }) as z.ZodObject<Record<string, typeof uuid>>;
  const tags = [tag];
  const schema = documentSchema(kind);
  const noun = kind === 'one-page-profile' ? 'one-page profile' : 'team plan';

  /** The document named by the path, once its subject is known to exist for the caller. */
  const documentOf = async (
    context: RequestContext,
    values: Record<string, string>,
  ): Promise<DocumentRef> => {
    const document: DocumentRef = { kind, subjectId: values[mount.param]! };
    await checkDocumentSubject(services, context, document);
    return document;
  };

  app.get(base, {
    schema: {
      summary: `Read the current ${noun}, or the version in force at an instant`,
      tags,
      params,
      querystring: z.object({
        at: instant.optional().describe('Show the version in force at this instant.'),
      }),
      response: { 200: schema, ...problemResponses(notFound) },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const document = await documentOf(context, request.params);
      const at = request.query.at;
      const view =
        at === undefined
          ? await queries.documents.current(context.tenant, document)
          : await queries.documents.atInstant(context.tenant, document, at);
      return reply.header('etag', etagOf(view.version)).send(view);
    },
  });

  app.get(`${base}/versions`, {
    schema: {
      summary: `Every change to the ${noun}, one per version`,
      tags,
      params,
      response: { 200: z.object({ items: z.array(changeSchema) }), ...problemResponses(notFound) },
    },
    handler: async (request) => {
      const context = contextOf(request);
      const history = await queries.documents.history(
        context.tenant,
        await documentOf(context, request.params),
      );
      return { items: history?.changes ?? [] };
    },
  });

  app.get(`${base}/versions/:version`, {
    schema: {
      summary: `Read one version of the ${noun}`,
      tags,
      params: params.extend({
        version: z
          .string()
          .regex(/^\d{1,9}$/, 'A version number.')
          .transform(Number),
      }),
      response: { 200: schema, ...problemResponses(notFound, 'VERSION_NOT_FOUND') },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const { version, ...subject } = request.params as unknown as { version: number } & Record<
        string,
        string
      >;
      const document = await documentOf(context, subject);
      const view = await queries.documents.atVersion(context.tenant, document, version);
      if (view === undefined)
        throw new DomainError('VERSION_NOT_FOUND', `The ${noun} has no version ${version}.`);
      return reply.header('etag', etagOf(view.version)).send(view);
    },
  });

  app.post(`${base}/changes`, {
    schema: {
      summary: `Add, reword or remove one statement of the ${noun}`,
      description:
        'Send the version you read as If-Match. A change applies an insight of a review, or is a direct edit with a reason.',
      tags,
      params,
      headers: idempotencyKeyHeader.extend({
        'if-match': z.string().max(20).optional().describe('The ETag of the version you read.'),
      }),
      body: changeBody(kind),
      response: {
        201: schema,
        ...problemResponses(
          notFound,
          'PRECONDITION_FAILED',
          'PRECONDITION_REQUIRED',
          'UNKNOWN_REFERENCE',
          'STATEMENT_NOT_FOUND',
          'STATEMENT_UNCHANGED',
          'INSIGHT_ALREADY_APPLIED',
          'INSIGHT_ALREADY_DECLINED',
          'INSIGHT_NEEDS_NO_RECORD',
          'INSIGHT_DESTINATION_MISMATCH',
        ),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const document = await documentOf(context, request.params);
      const ifMatch = requiredVersion(request.headers['if-match']);

      const { basis, ...change } = request.body;
      const version = await changeDocument(services, context, document, ifMatch, change, basis);

      const view = (await queries.documents.atVersion(context.tenant, document, version))!;
      const location = `${base.replace(`:${mount.param}`, document.subjectId)}/versions/${version}`;
      return reply
        .code(201)
        .header('etag', etagOf(version))
        .header('location', location)
        .send(view);
    },
  });

  app.post(`${base}/acknowledgements`, {
    schema: {
      summary: `Acknowledge having read a version of the ${noun}`,
      tags: [...tags, 'acknowledgements'],
      params,
      headers: idempotencyKeyHeader,
      body: acknowledgeBody,
      response: {
        201: readersSchema,
        ...problemResponses(
          notFound,
          'VERSION_DOES_NOT_EXIST',
          'VERSION_ALREADY_ACKNOWLEDGED',
          'UNKNOWN_REFERENCE',
          'PERSON_NOT_AN_EMPLOYEE',
          'ACKNOWLEDGER_REQUIRED',
          'ACKNOWLEDGING_FOR_ANOTHER_EMPLOYEE',
        ),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const document = await documentOf(context, request.params);
      await acknowledge(services, context, document, request.body);
      return reply
        .code(201)
        .send(await queries.acknowledgements.readersOf(context.tenant, document));
    },
  });

  app.get(`${base}/acknowledgements`, {
    schema: {
      summary: `Who must read the ${noun}, who has read which version, who still owes the latest`,
      tags: [...tags, 'acknowledgements'],
      params,
      response: { 200: readersSchema, ...problemResponses(notFound) },
    },
    handler: async (request) => {
      const context = contextOf(request);
      return queries.acknowledgements.readersOf(
        context.tenant,
        await documentOf(context, request.params),
      );
    },
  });

  app.get(`${base}/audit-trail`, {
    schema: {
      summary: `Why the ${noun} says what it says: every change with its decision, review and entries`,
      tags: [...tags, 'audit trail'],
      params,
      querystring: z.object({
        statementId: uuid.optional().describe('Only the changes to this statement.'),
      }),
      response: { 200: documentTrailSchema, ...problemResponses(notFound) },
    },
    handler: async (request) => {
      const context = contextOf(request);
      const document = await documentOf(context, request.params);
      return {
        document,
        versions: await queries.auditTrail.ofDocument(
          context.tenant,
          document,
          request.query.statementId,
        ),
      };
    },
  });
}

function requiredVersion(header: string | undefined): number {
  const version = ifMatchVersion(header);
  if (version === undefined) throw new ProblemError('PRECONDITION_REQUIRED');
  return version;
}
