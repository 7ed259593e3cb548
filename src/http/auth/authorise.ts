import type { FastifyInstance } from 'fastify';
import { operationIdOf } from '../operation-id.ts';
import { ProblemError } from '../problems.ts';
import { isPublic } from './authenticate.ts';
import type { Role } from './api-keys.ts';
import { permittedRoles } from './permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The roles that may call this route, from the permission table. */
    roles?: readonly Role[];
  }
}

/**
 * Gives every route its row of the permission table as it is registered, and
 * refuses to build an app with a route that has none. Requests are checked
 * before any handler looks up an id, so a refusal says nothing about whether
 * the record exists.
 */
export function registerPermissions(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (isPublic(route.url)) return;

    for (const method of [route.method].flat()) {
      const operationId = operationIdOf(method, route.url);
      const roles = permittedRoles(operationId);
      if (roles === undefined) {
        throw new Error(`${operationId} has no row in the permission table (auth/permissions.ts)`);
      }
      route.config = { ...route.config, roles };
    }
  });

  app.addHook('preValidation', async (request) => {
    const roles = request.routeOptions.config.roles;
    if (roles === undefined) return;

    const role = request.principal?.actor.role;
    if (role === undefined || !roles.includes(role)) throw new ProblemError('FORBIDDEN');
  });
}
