import { randomUUID } from 'node:crypto';
import { acknowledge } from '../src/application/acknowledgements.ts';
import type { RequestContext } from '../src/application/context.ts';
import { changeDocument } from '../src/application/documents.ts';
import { amendEntry, openLog, recordEntry } from '../src/application/learning.ts';
import { changeTeam, formTeam, registerPerson } from '../src/application/people.ts';
import {
  agreeAction,
  completeReview,
  proposeInsight,
  startReview,
} from '../src/application/reviews.ts';
import type { Services } from '../src/application/services.ts';
import type { DocumentRef, PersonKind } from '../src/domain/vocabulary.ts';
import { WrongExpectedRevisionError } from '../src/event-store/errors.ts';
import type { Actor } from '../src/event-store/port.ts';
import { entryContent } from './entry-content.ts';

/** The people of one generated team, for the measures that read them later. */
export interface GeneratedTeam {
  readonly employeeIds: readonly string[];
  readonly supportedIds: readonly string[];
}

/*
 * The shape of one team's history, fixed so that every team appends the same
 * number of events: six employees supporting five people, each person with a
 * learning log of 60 entries (every 20th amended) reviewed four times; each
 * review proposes an insight, agrees an action, applies the insight to the
 * person's one-page profile, completes, and two employees acknowledge the new
 * profile version.
 */
const employeesPerTeam = 6;
const supportedPerTeam = 5;
const reviewsPerLog = 4;
const entriesPerReview = 15;
const amendEvery = 20;
const acknowledgers = 2;

const entriesPerLog = reviewsPerLog * entriesPerReview;
const eventsPerReview = 5 + acknowledgers;
const eventsPerPerson =
  2 + 1 + entriesPerLog + Math.floor(entriesPerLog / amendEvery) + reviewsPerLog * eventsPerReview;

/** Events one team appends: formed, six employees registered and joining, five people's histories. */
export const eventsPerTeam = 1 + 2 * employeesPerTeam + supportedPerTeam * eventsPerPerson;

/**
 * Records one team's history through the application's own functions, as the
 * API would: every check runs, personal text is sealed with each person's key,
 * and each command waits for the read models as a request does.
 */
export async function recordTeamHistory(
  services: Services,
  tenant: string,
  team: number,
): Promise<GeneratedTeam> {
  const as = contexts(tenant);
  const admin = as({ id: 'system:bench-generator', kind: 'system', role: 'admin', via: 'bench' });

  const teamId = await formTeam(services, admin(), { name: `Team ${team}`, purpose: null });
  const enrol = async (kind: PersonKind, change: 'AddMember' | 'StartSupporting', n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const displayName = `${kind === 'employee' ? 'Employee' : 'Person'} ${team}.${i}`;
      const id = await registerPerson(services, admin(), { kind, displayName, externalRef: null });
      await changeTeam(services, admin(), change, teamId, id);
      ids.push(id);
    }
    return ids;
  };
  const employeeIds = await enrol('employee', 'AddMember', employeesPerTeam);
  const supportedIds = await enrol('supported-person', 'StartSupporting', supportedPerTeam);

  // The people's logs are written side by side, as a team's members would write them.
  await Promise.all(
    supportedIds.map((personId) => recordLogHistory(services, as, personId, employeeIds)),
  );
  return { employeeIds, supportedIds };
}

type ContextsOf = (actor: Actor) => () => RequestContext;

async function recordLogHistory(
  services: Services,
  as: ContextsOf,
  personId: string,
  employeeIds: readonly string[],
): Promise<void> {
  const employee = (i: number) => employeeIds[i % employeeIds.length]!;
  const author = (i: number) => as(actorOf(employee(i), 'author'))();
  const now = new Date();
  const logId = await openLog(services, author(0), {
    subject: { kind: 'person', personId },
    purpose: 'Mornings and trips out: what helps her enjoy them.',
    reviewRhythm: 'monthly',
  });

  const profile: DocumentRef = { kind: 'one-page-profile', subjectId: personId };
  let version = 0;
  let written = 0;
  for (let review = 0; review < reviewsPerLog; review++) {
    const entryIds: string[] = [];
    for (let i = 0; i < entriesPerReview; i++, written++) {
      const content = entryContent(written, now, (entriesPerLog - written) * 24 * 60);
      const present = { employeeIds: [employee(written + 1)], others: content.present.others };
      const context = author(written);
      const entryId = await recordEntry(services, context, logId, { ...content, present });
      entryIds.push(entryId);
      if ((written + 1) % amendEvery === 0) {
        const changes = { learned: `${content.learned} Checked with her sister afterwards.` };
        await amendEntry(services, context, entryId, { changes, reason: 'Added later' }, 1);
      }
    }

    const reviewer = as(actorOf(employee(review), 'reviewer'));
    const reviewId = await startReview(services, reviewer(), logId, {
      upTo: new Date().toISOString(),
      participants: [employee(review), employee(review + 1)],
      others: ['her sister'],
    });
    const decisionId = await proposeInsight(services, reviewer(), reviewId, {
      finding: `Knowing the plan the evening before makes a trip go well (review ${review}).`,
      category: 'how-to-support',
      entryIds: entryIds.slice(0, 3),
      destination: { document: profile, section: 'how-to-support' },
      noRecordReason: null,
    });
    await agreeAction(services, reviewer(), reviewId, {
      description: 'Print photos of the next three places and put them on her fridge.',
      ownerId: employee(review + 2),
      dueOn: now.toISOString().slice(0, 10),
    });
    version = await changeDocument(
      services,
      reviewer(),
      profile,
      version,
      { operation: 'add', section: 'how-to-support', text: `Tell me the plan the evening before.` },
      { kind: 'insight', reviewId, decisionId },
    );
    await completeReview(services, reviewer(), reviewId);
    for (let i = 0; i < acknowledgers; i++) {
      const reader = as(actorOf(employee(review + i), 'author'))();
      // Each employee's acknowledgements are one stream, written from several logs at once.
      await retriedOnConflict(() => acknowledge(services, reader, profile, { version }));
    }
  }
}

/** What a client does on 409: reads again and retries. */
async function retriedOnConflict(command: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      return await command();
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

function actorOf(employeeId: string, role: 'author' | 'reviewer'): Actor {
  return { id: employeeId, kind: 'employee', role, via: 'bench' };
}

/** A fresh request context for each command, as each request has its own id and clock. */
function contexts(tenant: string): ContextsOf {
  return (actor) => () => {
    const requestId = randomUUID();
    return { actor, tenant, correlationId: requestId, requestId, now: new Date() };
  };
}
