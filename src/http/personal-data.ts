import type { FastifyInstance } from 'fastify';
import type { PersonalData } from '../personal-data/sealing.ts';

/**
 * Opens the sealed personal text in every answer as it leaves: read models
 * and the event log hold it sealed, and an erased person's text reads as the
 * placeholder, whichever route shows it.
 */
export function registerPersonalData(app: FastifyInstance, personal: PersonalData): void {
  app.addHook('preSerialization', async (request, _reply, payload) => {
    const principal = request.principal;
    if (principal === undefined) return payload;
    return personal.open(principal.tenant, payload);
  });
}
