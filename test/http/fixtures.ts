import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import type { TestApp } from '../helpers/app.ts';

/** Produces the free text for one field; the privacy test swaps in unique markers. */
export type Say = (what: string) => string;

/**
 * Free text that ends in a unique token (`tag` and a number), so a trace of
 * any value shows wherever it turns up; `seeded` lists every value said.
 */
export function marked(tag: string): { say: Say; seeded: string[] } {
  const seeded: string[] = [];
  const say = (what: string) => {
    const value = `${what} ${tag}${seeded.length}${tag}`;
    seeded.push(value);
    return value;
  };
  return { say, seeded };
}

export interface Scenario {
  /** Three employees, all members of the team. */
  readonly employees: readonly [string, string, string];
  /** One author key per employee, in the same order. */
  readonly employeeKeys: readonly [string, string, string];
  /** A reviewer key that speaks for the first employee. */
  readonly reviewerKey: string;
  /** One reviewer key per employee, in the same order: for direct edits by a given employee. */
  readonly reviewerKeys: readonly [string, string, string];
  readonly personId: string;
  readonly teamId: string;
  readonly logId: string;
  /** Three entries, one by each employee. */
  readonly entryIds: readonly [string, string, string];
  /** An open review covering the first two entries. */
  readonly reviewId: string;
  /** A proposed insight of that review, resting on the first entry, for the profile's important-to section. */
  readonly insightId: string;
  readonly profileUrl: string;
}

/** Fixed activity times, so a failing run can be reproduced. */
export const activityTimes = [
  '2025-03-04T10:00:00.000Z',
  '2025-03-07T18:30:00.000Z',
  '2025-03-11T09:15:00.000Z',
] as const;

const plain: Say = (what) => what;

/** Fails the set-up loudly when a step the scenario depends on was refused. */
export function expectStatus(
  response: LightMyRequestResponse,
  status: number,
  step: string,
): Record<string, any> {
  if (response.statusCode !== status) {
    throw new Error(`${step}: expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  return response.json();
}

/** A body for a new entry with every field filled in. */
export function entryBody(say: Say, occurredAt: string, employeeIds: readonly string[] = []) {
  return {
    occurredAt,
    durationMinutes: 90,
    place: say('the quieter side entrance of the leisure-centre pool'),
    activity: say('swimming'),
    present: { employeeIds: [...employeeIds], others: [say('a lifeguard')] },
    whatWorked: say('She chose her own locker and laughed when the water jets started.'),
    whatDidNotWork: say('The changing room was full of a school group; she waited twenty minutes.'),
    learned: say('Weekday mornings before ten are quiet.'),
    nextTime: say('Go before ten; ask reception about school bookings.'),
    participation: say('She led the way to the pool.'),
    importantTo: say('Choosing for herself.'),
    importantFor: say('Warm towels straight after.'),
  };
}

/**
 * Builds, through the API: three employees, a supported person, a team that
 * supports the person with the employees as members, a log about the person,
 * three entries (one per employee), an open review of the first two, and an
 * insight destined for the person's one-page profile.
 */
export async function buildScenario(testApp: TestApp, say: Say = plain): Promise<Scenario> {
  const { request, keyFor } = testApp;

  const register = async (kind: string, name: string, externalRef: string) =>
    expectStatus(
      await request({
        method: 'POST',
        url: '/people',
        payload: { kind, displayName: say(name), externalRef: say(externalRef) },
      }),
      201,
      `register ${name}`,
    ).personId as string;

  const employees = [
    await register('employee', 'Bram Placeholder', 'emp-fiction-001'),
    await register('employee', 'Cass Madeup', 'emp-fiction-002'),
    await register('employee', 'Dov Invented', 'emp-fiction-003'),
  ] as const;
  const personId = await register('supported-person', 'Wren Testperson', 'sp-fiction-001');

  const team = await request({
    method: 'POST',
    url: '/teams',
    payload: { name: say('Harbour Street team'), purpose: say('Support at home') },
  });
  const teamId = expectStatus(team, 201, 'form team').teamId as string;
  for (const employeeId of employees) {
    expectStatus(
      await request({
        method: 'POST',
        url: `/teams/${teamId}/members`,
        payload: { personId: employeeId },
      }),
      200,
      'add member',
    );
  }
  expectStatus(
    await request({
      method: 'POST',
      url: `/teams/${teamId}/supported-people`,
      payload: { personId },
    }),
    200,
    'support person',
  );

  const log = await request({
    method: 'POST',
    url: '/learning-logs',
    payload: {
      subject: { kind: 'person', personId },
      purpose: say('Her first ten swims'),
      reviewRhythm: 'weekly',
    },
  });
  const logId = expectStatus(log, 201, 'open log').logId as string;

  const employeeKeys = (await Promise.all(
    employees.map((employeeId) => keyFor('author', { employeeId })),
  )) as [string, string, string];
  const entryIds: string[] = [];
  for (const [index, key] of employeeKeys.entries()) {
    const entry = await request({
      method: 'POST',
      url: `/learning-logs/${logId}/entries`,
      key,
      payload: entryBody(say, activityTimes[index]!, [employees[index]!]),
    });
    entryIds.push(expectStatus(entry, 201, `record entry ${index}`).entryId as string);
  }

  const reviewerKeys = (await Promise.all(
    employees.map((employeeId) => keyFor('reviewer', { employeeId })),
  )) as [string, string, string];
  const reviewerKey = reviewerKeys[0];
  const started = await request({
    method: 'POST',
    url: `/learning-logs/${logId}/reviews`,
    key: reviewerKey,
    payload: { entryIds: entryIds.slice(0, 2), participants: [employees[0], employees[1]] },
  });
  const reviewId = expectStatus(started, 201, 'start review').reviewId as string;

  const insight = await request({
    method: 'POST',
    url: `/reviews/${reviewId}/insights`,
    key: reviewerKey,
    payload: {
      finding: say('Choosing her own locker matters to her.'),
      category: 'important-to',
      entryIds: [entryIds[0]],
      destination: {
        document: { kind: 'one-page-profile', subjectId: personId },
        section: 'important-to',
      },
    },
  });
  const insightId = expectStatus(insight, 201, 'propose insight').decisionId as string;

  return {
    employees,
    employeeKeys,
    reviewerKey,
    reviewerKeys,
    personId,
    teamId,
    logId,
    entryIds: entryIds as unknown as [string, string, string],
    reviewId,
    insightId,
    profileUrl: `/people/${personId}/profile`,
  };
}

/** Applies the scenario's insight to the profile at version `ifMatch`; returns the response. */
export function applyInsight(
  testApp: TestApp,
  scenario: Scenario,
  ifMatch = 0,
  text = 'Choosing my own locker.',
) {
  return testApp.request({
    method: 'POST',
    url: `${scenario.profileUrl}/changes`,
    key: scenario.reviewerKey,
    headers: { 'if-match': `"${ifMatch}"` },
    payload: {
      operation: 'add',
      section: 'important-to',
      text,
      basis: { kind: 'insight', reviewId: scenario.reviewId, decisionId: scenario.insightId },
    },
  });
}

/** A direct edit adding a statement to a document (a profile's how-to-support by default), at version `ifMatch`. */
export function directEdit(
  testApp: TestApp,
  url: string,
  ifMatch: number,
  text: string,
  {
    reason = 'Agreed at the team meeting.',
    section = 'how-to-support',
    key,
  }: { reason?: string; section?: string; key?: string } = {},
) {
  return testApp.request({
    method: 'POST',
    url: `${url}/changes`,
    ...(key === undefined ? {} : { key }),
    headers: { 'if-match': `"${ifMatch}"` },
    payload: { operation: 'add', section, text, basis: { kind: 'direct-edit', reason } },
  });
}

/**
 * Checks a refusal: its status, problem+json type, stable code, and (when
 * given) that `errors[].field` names exactly these fields.
 */
export function assertProblem(
  t: Test,
  response: LightMyRequestResponse,
  status: number,
  code: string,
  fields?: readonly string[],
): void {
  t.equal(response.statusCode, status, `${code}: status ${status}`);
  t.match(
    response.headers['content-type'],
    /^application\/problem\+json/,
    `${code}: answered as problem+json`,
  );
  const body = response.json();
  t.equal(body.code, code, `${code}: stable code`);
  t.equal(body.status, status, `${code}: status repeated in the body`);
  if (fields !== undefined) {
    const named = [
      ...new Set((body.errors ?? []).map((error: { field: string }) => error.field)),
    ].sort();
    t.same(named, [...fields].sort(), `${code}: names the offending fields ${fields.join(', ')}`);
  }
}

/** A request the API must refuse, with what it must answer. */
export type Refusal = InjectOptions & {
  name: string;
  key?: string | null;
  status: number;
  code: string;
  fields?: string[];
};

/** Sends each request: each gets its problem, and not one event is appended. */
export async function assertRefusals(t: Test, app: TestApp, refusals: readonly Refusal[]) {
  for (const { name, status, code, fields, ...request } of refusals) {
    const before = await app.eventCount();
    assertProblem(t, await app.request(request), status, code, fields);
    t.equal(await app.eventCount(), before, `${name}: nothing appended`);
  }
}

/** Sends one request that breaks a rule: its status and code, and not one event appended. */
export async function assertRefused(
  t: Test,
  app: TestApp,
  request: InjectOptions & { key?: string | null },
  status: number,
  code: string,
) {
  await assertRefusals(t, app, [{ ...request, name: code, status, code }]);
}

/** A well-formed id that names nothing. */
export const unknownId = '00000000-0000-4000-8000-000000000000';

/** A request that declines an insight, with a reason. */
export const decline = (
  reviewId: string,
  decisionId: string,
  reason = 'Not what the entries show.',
) =>
  ({
    method: 'POST',
    url: `/reviews/${reviewId}/insights/${decisionId}/decline`,
    payload: { reason },
  }) as const;
