import { z } from 'zod';
import { referencedEmployee } from '../../application/services.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { ProblemError } from '../problems.ts';
import { contextOf } from '../request-context.ts';
import { idempotencyKeyHeader, problemResponses, uuid } from '../schemas.ts';

const createKeyBody = z.strictObject({
  role: z.enum(['author', 'reviewer', 'auditor', 'admin']),
  actor: z.discriminatedUnion('kind', [
    z
      .strictObject({ kind: z.literal('employee'), personId: uuid })
      .describe('The key speaks for this employee.'),
    z
      .strictObject({
        kind: z.literal('system'),
        name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
      })
      .describe('An integrating system.'),
  ]),
  label: text(limits.name).describe('What the key is for, to recognise it later.'),
});

export function apiKeyRoutes(app: ZodApp, { services, apiKeys }: Runtime): void {
  app.post('/api-keys', {
    schema: {
      summary: 'Create an API key (admins only); the key is shown once',
      tags: ['api keys'],
      headers: idempotencyKeyHeader,
      body: createKeyBody,
      response: {
        201: z.object({
          key: z.string().describe('Shown once; keep it secret.'),
          prefix: z.string(),
          role: z.string(),
          actorId: z.string(),
        }),
        ...problemResponses('FORBIDDEN', 'UNKNOWN_REFERENCE', 'PERSON_NOT_AN_EMPLOYEE'),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      // TODO(#4): the full role matrix; until then only this operation checks a role.
      if (context.actor.role !== 'admin') throw new ProblemError('FORBIDDEN');

      const { role, actor, label } = request.body;
      if (actor.kind === 'employee')
        await referencedEmployee(services, context, actor.personId, 'actor.personId');
      const actorId = actor.kind === 'employee' ? actor.personId : `system:${actor.name}`;

      const created = await apiKeys.create(
        { role, tenant: context.tenant, actorId, actorKind: actor.kind, label },
        context.now,
      );
      return reply.code(201).send({ key: created.token, prefix: created.prefix, role, actorId });
    },
  });
}
