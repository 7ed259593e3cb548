import { z } from 'zod';
import { registerPerson } from '../../application/people.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { found } from '../found.ts';
import { contextOf } from '../request-context.ts';
import { idempotencyKeyHeader, problemResponses } from '../schemas.ts';
import { personParams, personSchema, registerPersonBody } from './schemas.ts';

export function peopleRoutes(app: ZodApp, { services, queries }: Runtime): void {
  app.post('/people', {
    schema: {
      summary: 'Register a supported person or an employee',
      tags: ['people and teams'],
      headers: idempotencyKeyHeader,
      body: registerPersonBody,
      response: {
        201: personSchema,
        ...problemResponses('EXTERNAL_REFERENCE_TAKEN', 'IDEMPOTENCY_KEY_REUSED'),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const { externalRef, ...rest } = request.body;
      const personId = await registerPerson(services, context, {
        ...rest,
        externalRef: externalRef ?? null,
      });

      const person = await queries.directory.person(context.tenant, personId);
      return reply.code(201).header('location', `/people/${personId}`).send(person!);
    },
  });

  app.get('/people', {
    schema: {
      summary: "Look a person up by their care-record system's reference",
      tags: ['people and teams'],
      // Checked as a registered reference is: PostgreSQL refuses text holding a NUL with an error.
      querystring: z.object({ externalRef: text(limits.name) }),
      response: { 200: z.object({ items: z.array(personSchema) }), ...problemResponses() },
    },
    handler: async (request) => {
      const person = await queries.directory.personByExternalRef(
        contextOf(request).tenant,
        request.query.externalRef,
      );
      return { items: person === undefined ? [] : [person] };
    },
  });

  app.get('/people/:personId', {
    schema: {
      summary: 'Read a person',
      tags: ['people and teams'],
      params: personParams,
      response: { 200: personSchema, ...problemResponses('PERSON_NOT_FOUND') },
    },
    handler: async (request) => {
      return found(
        await queries.directory.person(contextOf(request).tenant, request.params.personId),
        'PERSON_NOT_FOUND',
      );
    },
  });
}
