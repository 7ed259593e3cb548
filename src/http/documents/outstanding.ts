import { z } from 'zod';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { found } from '../found.ts';
import { contextOf } from '../request-context.ts';
import { problemResponses, uuid } from '../schemas.ts';
import { owedSchema } from './schemas.ts';

export function outstandingRoutes(app: ZodApp, { queries }: Runtime): void {
  app.get('/people/:personId/outstanding-acknowledgements', {
    schema: {
      summary: 'The profiles and team plans an employee has still to read in their latest version',
      tags: ['acknowledgements'],
      params: z.object({ personId: uuid }),
      response: { 200: owedSchema, ...problemResponses('PERSON_NOT_FOUND') },
    },
    handler: async (request) => {
      const { tenant } = contextOf(request);
      const { personId } = request.params;
      found(await queries.directory.person(tenant, personId), 'PERSON_NOT_FOUND');
      return {
        employeeId: personId,
        items: await queries.acknowledgements.owedBy(tenant, personId),
      };
    },
  });
}
