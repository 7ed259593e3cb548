import pino, { type Logger } from 'pino';
import type { Test } from 'tap';
import type { RequestContext } from '../../src/application/context.ts';
import type { Services } from '../../src/application/services.ts';
import type { Actor } from '../../src/event-store/port.ts';
import { openLog, recordEntry } from '../../src/application/learning.ts';
import { formTeam, registerPerson } from '../../src/application/people.ts';
import { startReview } from '../../src/application/reviews.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { careRecords, employee, entryAt, id, ORG } from '../projections/events.ts';

export interface Organisation {
  readonly runtime: Runtime;
  /** The runtime's services with fixed ids: the n-th id handed out is id(firstId + n). */
  readonly services: Services;
  /** A request context for this actor; the clock moves on a minute with every context. */
  as(actor: Actor, tenant?: string): RequestContext;
  readonly admin: Actor;
}

export interface OrganisationOptions {
  databaseFile?: string;
  readModelWaitMs?: number;
  /** Where fixed ids start, so a second runtime on the same file hands out new ones. */
  firstId?: number;
  /** Minutes after 08:00 on 31 March 2025 at which the clock starts. */
  startMinute?: number;
  /** Where the runtime logs; silent by default. */
  log?: Logger;
}

const start = Date.parse('2025-03-31T08:00:00.000Z');

/** A real runtime on SQLite (in memory unless a file is named), closed when the test ends. */
export async function openOrganisation(
  t: Test,
  options: OrganisationOptions = {},
): Promise<Organisation> {
  const runtime = await openRuntime(
    {
      databaseFile: options.databaseFile ?? ':memory:',
      readModelWaitMs: options.readModelWaitMs ?? 2000,
    },
    options.log ?? pino({ level: 'silent' }),
  );
  t.teardown(() => runtime.close());

  let issued = options.firstId ?? 1000;
  let minute = options.startMinute ?? 0;
  const services: Services = { ...runtime.services, newId: () => id(++issued) };

  const as = (actor: Actor, tenant = ORG): RequestContext => {
    minute += 1;
    return {
      actor,
      tenant,
      correlationId: `correlation-${minute}`,
      requestId: `request-${minute}`,
      now: new Date(start + minute * 60_000),
    };
  };

  return { runtime, services, as, admin: careRecords };
}

/** The instant `minutes` after the organisation clock's start. */
export function organisationClock(minutes: number): string {
  return new Date(start + minutes * 60_000).toISOString();
}

/**
 * Larkspur's everyday beginning, through the application layer: a supported
 * person, a support worker, a team, a log about the person with one entry,
 * and a review of that entry.
 */
export async function larkspurStarted({ services: s, as, admin }: Organisation) {
  const wren = await registerPerson(s, as(admin), {
    kind: 'supported-person',
    displayName: 'Wren Halloway',
    externalRef: null,
  });
  const tobias = await registerPerson(s, as(admin), {
    kind: 'employee',
    displayName: 'Tobias Quill',
    externalRef: null,
  });
  const team = await formTeam(s, as(admin), { name: 'Larkspur House', purpose: null });
  const log = await openLog(s, as(admin), {
    subject: { kind: 'person', personId: wren },
    purpose: 'Mornings',
    reviewRhythm: 'weekly',
  });
  const entry = await recordEntry(
    s,
    as(employee(tobias)),
    log,
    entryAt('2025-03-04T09:00:00Z', { present: { employeeIds: [], others: [] } }),
  );
  const review = await startReview(s, as(employee(tobias, 'reviewer')), log, {
    entryIds: [entry],
    participants: [],
    others: [],
  });
  return { wren, tobias, team, log, entry, review };
}
