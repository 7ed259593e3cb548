import { z } from 'zod';
import { revokeKey } from '../../application/api-keys.ts';
import { erasePerson, registerPerson } from '../../application/people.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { found } from '../found.ts';
import { contextOf } from '../request-context.ts';
import { idempotencyKeyHeader, problemResponses } from '../schemas.ts';
import { personParams, personSchema, registerPersonBody } from './schemas.ts';

export function peopleRoutes(app: ZodApp, { services, queries, personal, apiKeys }: Runtime): void {
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

  app.post('/people/:personId/erasure', {
    schema: {
      summary: 'Erase a person (admins only): their details read `[erased]` everywhere from now on',
      description:
        'Destroys the data key that seals this person’s name, reference and every free text written about them, and records the erasure with its reason as an event. The event log keeps its order, ids and everything that is not personal; read models, versions, audit trails and the event feed show `[erased]` in place of the sealed text, and a rebuild gives the same. Nothing more can be recorded about an erased person (409 PERSON_ERASED). The reason is kept in the open: write why, not who.',
      tags: ['people and teams'],
      headers: idempotencyKeyHeader,
      params: personParams,
      body: z.strictObject({
        reason: text(limits.short).describe(
          'Why, e.g. the request reference; no personal details.',
        ),
      }),
      response: {
        200: personSchema,
        ...problemResponses('PERSON_NOT_FOUND', 'PERSON_ERASED'),
      },
    },
    handler: async (request) => {
      const context = contextOf(request);
      const { personId } = request.params;
      await erasePerson(services, personal.keyring, context, personId, request.body.reason);

      // An erased employee's keys go with them: nothing more is recorded in their name.
      const recording = { commands: services.commands, apiKeys, waitForReadModels: true };
      for (const key of await apiKeys.list(context.tenant)) {
        if (key.actorId === personId && key.revokedAt === null) {
          await revokeKey(recording, context, key.prefix);
        }
      }
      return (await queries.directory.person(context.tenant, personId))!;
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
