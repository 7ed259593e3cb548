import { logStart } from '../../src/event-store/log-cursor.ts';
import type { TestApp } from '../helpers/app.ts';
import {
  activityTimes,
  applyInsight,
  buildScenario,
  directEdit,
  entryBody,
  expectStatus,
} from './fixtures.ts';

/** An event as the export and the feed show it. */
export interface Event {
  id: string;
  type: string;
  stream: string;
  position: number;
  actor: { id: string };
  data: Record<string, unknown>;
}

/**
 * The shared scenario, lived on: Bram amends his entry and Dov withdraws his;
 * the insight is applied and the profile edited (versions 1 and 2); Cass
 * agrees an action that Bram owns and an insight resting on his entry, and
 * Bram a sharing that names Dov; Bram acknowledges version 2 and gets a
 * profile of his own. Beside Wren, Ulla is supported too, with a log and an
 * entry by Cass that concern neither Wren nor Bram. A reviewer reads Wren's
 * profile and an entry, and Ulla's record.
 */
export async function livedIn(app: TestApp) {
  const s = await buildScenario(app);
  const [bram, cass, dov] = s.employees;
  const ok = async (status: number, step: string, request: Parameters<TestApp['request']>[0]) =>
    expectStatus(await app.request(request), status, step);

  await ok(200, 'amend', {
    method: 'POST',
    url: `/entries/${s.entryIds[0]}/amendments`,
    key: s.employeeKeys[0],
    payload: { reason: 'Wrong place.', changes: { place: 'the teaching pool' } },
  });
  await ok(200, 'withdraw', {
    method: 'POST',
    url: `/entries/${s.entryIds[2]}/withdrawal`,
    key: s.employeeKeys[2],
    payload: { reason: 'Written about the wrong day.' },
  });
  expectStatus(await applyInsight(app, s), 201, 'apply insight');
  expectStatus(
    await directEdit(app, s.profileUrl, 1, 'Ask once, then wait for my sign.', {
      key: s.reviewerKey,
    }),
    201,
    'edit profile',
  );
  await ok(201, 'action', {
    method: 'POST',
    url: `/reviews/${s.reviewId}/actions`,
    key: s.reviewerKeys[1],
    payload: { description: 'Book the pool lane before ten.', ownerId: bram, dueOn: '2025-04-01' },
  });
  await ok(201, 'sharing', {
    method: 'POST',
    url: `/reviews/${s.reviewId}/sharing`,
    key: s.reviewerKey,
    payload: { audience: 'named-employees', employeeIds: [dov], method: 'At the handover' },
  });
  await ok(201, 'insight resting on Bram’s entry', {
    method: 'POST',
    url: `/reviews/${s.reviewId}/insights`,
    key: s.reviewerKeys[1],
    payload: {
      finding: 'She likes the water jets.',
      category: 'appreciation',
      entryIds: [s.entryIds[0]],
      noRecordReason: 'The profile says so already.',
    },
  });
  await ok(201, 'acknowledge', {
    method: 'POST',
    url: `${s.profileUrl}/acknowledgements`,
    key: s.employeeKeys[0],
    payload: { version: 2 },
  });
  expectStatus(
    await directEdit(app, `/people/${bram}/profile`, 0, 'Tell me about changes face to face.', {
      key: s.reviewerKeys[1],
    }),
    201,
    'edit Bram’s profile',
  );

  const ulla = (
    await ok(201, 'register Ulla', {
      method: 'POST',
      url: '/people',
      payload: { kind: 'supported-person', displayName: 'Ulla Otherperson' },
    })
  ).personId as string;
  const ullasLog = (
    await ok(201, 'open Ulla’s log', {
      method: 'POST',
      url: '/learning-logs',
      payload: {
        subject: { kind: 'person', personId: ulla },
        purpose: 'Bus journeys',
        reviewRhythm: 'monthly',
      },
    })
  ).logId as string;
  const ullasEntry = (
    await ok(201, 'Cass writes about Ulla', {
      method: 'POST',
      url: `/learning-logs/${ullasLog}/entries`,
      key: s.employeeKeys[1],
      payload: entryBody((what) => what, activityTimes[1], [cass]),
    })
  ).entryId as string;

  const reader = await app.keyFor('reviewer', { employeeId: cass });
  for (const url of [s.profileUrl, `/entries/${s.entryIds[1]}`, `/people/${ulla}`])
    await ok(200, `read ${url}`, { method: 'GET', url, key: reader });

  return { s, bram, cass, dov, ulla, ullasLog, ullasEntry };
}

/** In another organisation, an entry written through a key made out to `personId`; its event id. */
export async function elsewhereActingAs(app: TestApp, personId: string): Promise<string> {
  const tenant = 'another-organisation';
  const reviewer = await app.keyFor('reviewer', { tenant });
  const other = expectStatus(
    await app.request({
      method: 'POST',
      url: '/people',
      key: await app.keyFor('admin', { tenant }),
      payload: { kind: 'supported-person', displayName: 'Vida Elsewhere' },
    }),
    201,
    'register elsewhere',
  ).personId as string;
  const logId = expectStatus(
    await app.request({
      method: 'POST',
      url: '/learning-logs',
      key: reviewer,
      payload: {
        subject: { kind: 'person', personId: other },
        purpose: 'Market days',
        reviewRhythm: 'monthly',
      },
    }),
    201,
    'open a log elsewhere',
  ).logId as string;
  const written = await app.request({
    method: 'POST',
    url: `/learning-logs/${logId}/entries`,
    key: await app.keyFor('author', { tenant, employeeId: personId }),
    payload: entryBody((what) => what, activityTimes[0]),
  });
  expectStatus(written, 201, 'write elsewhere');
  const theirs = await app.runtime.store.readAll({ after: logStart, limit: 1000, tenant });
  return theirs.at(-1)!.id;
}

/** The export of one person, asked for with an admin key. */
export async function exportOf(app: TestApp, personId: string) {
  const response = await app.request({ method: 'GET', url: `/people/${personId}/subject-access` });
  return { response, body: expectStatus(response, 200, `export ${personId}`) };
}

/** The whole feed, as an auditor sees it: what the export's events are checked against. */
export async function feedOf(app: TestApp): Promise<Event[]> {
  const auditor = await app.keyFor('auditor');
  const feed = await app.request({ method: 'GET', url: '/events?limit=1000', key: auditor });
  return expectStatus(feed, 200, 'feed').items;
}

export const idsOf = (events: readonly Event[]) => events.map((event) => event.id);
/** Whether an event's data carries one of the ids. */
export const names = (event: Event, ...ids: string[]) =>
  ids.some((id) => JSON.stringify(event.data).includes(`"${id}"`));
