import { z } from 'zod';
import { roles } from '../../event-store/port.ts';
import { issueKey, revokeKey } from '../../application/api-keys.ts';
import { referencedEmployee } from '../../application/services.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { KeyRecord } from '../auth/api-keys.ts';
import type { ZodApp } from '../app.ts';
import { ProblemError } from '../problems.ts';
import { contextOf } from '../request-context.ts';
import { idempotencyKeyHeader, instant, problemResponses, uuid } from '../schemas.ts';

const createKeyBody = z.strictObject({
  role: z.enum(roles),
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
  expiresAt: instant
    .nullable()
    .default(null)
    .describe('After this instant the key is refused; null or absent: it does not expire.'),
});

const keySchema = z
  .object({
    prefix: z.string().describe('The public part that names the key in logs and on events.'),
    label: z.string(),
    role: z.string(),
    actorId: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z
      .string()
      .nullable()
      .describe('When the key was last presented, to within a minute.'),
  })
  .meta({ id: 'ApiKey' });

const prefixParams = z.object({ prefix: z.string().regex(/^[0-9a-f]{12}$/) });

export function apiKeyRoutes(app: ZodApp, { services, apiKeys }: Runtime): void {
  const recording = { commands: services.commands, apiKeys, waitForReadModels: true };
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
        ...problemResponses('UNKNOWN_REFERENCE', 'PERSON_NOT_AN_EMPLOYEE'),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);

      const { role, actor, label, expiresAt } = request.body;
      if (expiresAt !== null && Date.parse(expiresAt) <= context.now.getTime()) {
        throw new ProblemError('EXPIRY_IN_THE_PAST', {
          errors: [{ field: 'body.expiresAt', message: 'Must lie ahead.' }],
        });
      }
      if (actor.kind === 'employee')
        await referencedEmployee(services, context, actor.personId, 'actor.personId');
      const actorId = actor.kind === 'employee' ? actor.personId : `system:${actor.name}`;

      const created = await issueKey(recording, context, {
        role,
        actorId,
        actorKind: actor.kind,
        label,
        expiresAt,
      });
      return reply.code(201).send({ key: created.token, prefix: created.prefix, role, actorId });
    },
  });

  app.get('/api-keys', {
    schema: {
      summary: "The organisation's API keys (admins only), newest first; never the keys themselves",
      tags: ['api keys'],
      response: { 200: z.object({ items: z.array(keySchema) }), ...problemResponses() },
    },
    handler: async (request) => {
      const context = contextOf(request);

      return { items: (await apiKeys.list(context.tenant)).map(shown) };
    },
  });

  app.delete('/api-keys/:prefix', {
    schema: {
      summary: 'Revoke an API key (admins only); it is refused from then on',
      tags: ['api keys'],
      params: prefixParams,
      response: { 200: keySchema, ...problemResponses('API_KEY_NOT_FOUND') },
    },
    handler: async (request) => {
      const context = contextOf(request);

      const { prefix } = request.params;
      if (!(await revokeKey(recording, context, prefix))) {
        throw new ProblemError('API_KEY_NOT_FOUND');
      }
      const keys = await apiKeys.list(context.tenant);
      return shown(keys.find((key) => key.prefix === prefix)!);
    },
  });
}

/** A stored key as an admin sees it: never its hash. */
function shown({ hash: _, tenant: __, actorKind: ___, ...key }: KeyRecord) {
  return key;
}
