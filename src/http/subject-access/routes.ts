import { eventsConcerning } from '../../../projections/subject-access/events.ts';
import type { ListedRead, ReadAuditStore } from '../../read-audit/port.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import { presentEntry } from '../entries/present.ts';
import { found } from '../found.ts';
import { personParams } from '../people/schemas.ts';
import { contextOf } from '../request-context.ts';
import { problemResponses } from '../schemas.ts';
import { subjectAccessSchema } from './schemas.ts';

const readPage = 1000;

export function subjectAccessRoutes(app: ZodApp, { store, queries, readAudit }: Runtime): void {
  app.get('/people/:personId/subject-access', {
    schema: {
      summary: 'Everything held about one person, as one JSON document',
      description:
        'For a subject access request. `events` is the authoritative part; the other parts are read from the read models first, so every event behind them is in `events`. The request reads the organisation’s whole event log, so it takes time in proportion to that log. It is itself recorded in the read log. Offered as a download (`Content-Disposition: attachment`).',
      tags: ['data protection'],
      params: personParams,
      response: { 200: subjectAccessSchema, ...problemResponses('PERSON_NOT_FOUND') },
    },
    handler: async (request, reply) => {
      const { tenant, now } = contextOf(request);
      const person = found(
        await queries.directory.person(tenant, request.params.personId),
        'PERSON_NOT_FOUND',
      );

      const held = await queries.subjectAccess.heldAbout(tenant, person);
      // Read after the read models: they never run ahead of the log, so nothing they show is missing here.
      const events = await eventsConcerning(store, tenant, person.personId);
      const reads = await everyReadOf(readAudit, tenant, person.personId);

      return reply
        .header(
          'content-disposition',
          `attachment; filename="subject-access-${person.personId}.json"`,
        )
        .send({
          organisation: tenant,
          generatedAt: now.toISOString(),
          person,
          ...held,
          logsAbout: held.logsAbout.map(({ entries, ...about }) => ({
            ...about,
            entries: entries.map(presentEntry),
          })),
          entriesWritten: held.entriesWritten.map(presentEntry),
          events: events.map(({ commit: _, ...event }) => event),
          reads: reads.map(({ tenant: _, ...read }) => read),
        });
    },
  });
}

async function everyReadOf(
  readAudit: ReadAuditStore,
  tenant: string,
  subjectId: string,
): Promise<ListedRead[]> {
  const reads: ListedRead[] = [];
  for (let after = 0; ;) {
    const page = await readAudit.list(tenant, { subjectId, after, limit: readPage });
    reads.push(...page);
    if (page.length < readPage) return reads;
    after = page.at(-1)!.sequence;
  }
}
