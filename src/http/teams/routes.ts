import { z } from 'zod';
import { changeTeam, formTeam } from '../../application/people.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { found } from '../found.ts';
import { contextOf } from '../request-context.ts';
import { idempotencyKeyHeader, problemResponses, uuid } from '../schemas.ts';

const teamSchema = z
  .object({
    teamId: uuid,
    name: z.string(),
    purpose: z.string().nullable(),
    formedAt: z.string(),
    members: z.array(uuid).describe('Employees in the team.'),
    supports: z.array(uuid).describe('People the team supports.'),
  })
  .meta({ id: 'Team' });

const teamParams = z.object({ teamId: uuid });
const memberParams = z.object({ teamId: uuid, personId: uuid });
const personBody = z.strictObject({ personId: uuid });

/** The four membership changes share one shape: a team, a person, a command. */
const memberships = [
  {
    method: 'post',
    path: '/teams/:teamId/members',
    command: 'AddMember',
    summary: 'Add an employee to a team',
  },
  {
    method: 'delete',
    path: '/teams/:teamId/members/:personId',
    command: 'RemoveMember',
    summary: 'Remove an employee from a team',
  },
  {
    method: 'post',
    path: '/teams/:teamId/supported-people',
    command: 'StartSupporting',
    summary: 'Record that a team supports a person',
  },
  {
    method: 'delete',
    path: '/teams/:teamId/supported-people/:personId',
    command: 'StopSupporting',
    summary: 'Record that a team no longer supports a person',
  },
] as const;

export function teamRoutes(app: ZodApp, { services, queries }: Runtime): void {
  app.post('/teams', {
    schema: {
      summary: 'Form a team',
      tags: ['people and teams'],
      headers: idempotencyKeyHeader,
      body: z.strictObject({ name: text(limits.name), purpose: text(limits.short).optional() }),
      response: { 201: teamSchema, ...problemResponses('IDEMPOTENCY_KEY_REUSED') },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const teamId = await formTeam(services, context, {
        name: request.body.name,
        purpose: request.body.purpose ?? null,
      });
      return reply
        .code(201)
        .header('location', `/teams/${teamId}`)
        .send((await queries.directory.team(context.tenant, teamId))!);
    },
  });

  app.get('/teams/:teamId', {
    schema: {
      summary: 'Read a team',
      tags: ['people and teams'],
      params: teamParams,
      response: { 200: teamSchema, ...problemResponses('TEAM_NOT_FOUND') },
    },
    handler: async (request) => {
      return found(
        await queries.directory.team(contextOf(request).tenant, request.params.teamId),
        'TEAM_NOT_FOUND',
      );
    },
  });

  for (const { method, path, command, summary } of memberships) {
    const adds = method === 'post';
    app.route({
      method: method.toUpperCase() as 'POST' | 'DELETE',
      url: path,
      schema: {
        summary,
        tags: ['people and teams'],
        params: adds ? teamParams : memberParams,
        ...(adds ? { body: personBody, headers: idempotencyKeyHeader } : {}),
        response: {
          200: teamSchema,
          ...problemResponses(
            'TEAM_NOT_FOUND',
            'UNKNOWN_REFERENCE',
            'PERSON_NOT_AN_EMPLOYEE',
            'ALREADY_TEAM_MEMBER',
            'NOT_TEAM_MEMBER',
            'ALREADY_SUPPORTING_PERSON',
            'NOT_SUPPORTING_PERSON',
            'CONCURRENT_MODIFICATION',
          ),
        },
      },
      handler: async (request) => {
        const context = contextOf(request);
        const { teamId, personId } = {
          ...(request.params as { teamId: string; personId?: string }),
          ...(request.body as { personId?: string }),
        };
        await changeTeam(services, context, command, teamId, personId!);
        return queries.directory.team(context.tenant, teamId);
      },
    });
  }
}
