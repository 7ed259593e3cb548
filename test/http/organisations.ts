import type { Role } from '../../src/http/auth/api-keys.ts';
import { roles } from '../../src/event-store/port.ts';
import type { TestApp } from '../helpers/app.ts';
import { applyInsight, buildScenario, directEdit, expectStatus, type Say } from './fixtures.ts';

/** One id of each kind an organisation's records carry: what a request may name. */
export interface Records {
  readonly person: string;
  readonly employee: string;
  readonly team: string;
  readonly log: string;
  /**
   * An entry that was amended and then withdrawn: a review of another
   * organisation that looked it up would find it withdrawn and say so.
   */
  readonly entry: string;
  readonly review: string;
  /** An insight of the review, applied to the person's profile. */
  readonly insight: string;
  readonly statement: string;
  readonly planStatement: string;
  readonly externalRef: string;
  readonly prefix: string;
}

export type Kind = keyof Records;

/** The same app as seen from one organisation: its keys, one per role. */
export interface Organisation {
  readonly tenant: string;
  readonly keys: Readonly<Record<Role, string>>;
  /** Requests without a key go with the first of the organisation's keys that is not refused. */
  readonly app: TestApp;
}

export async function organisationOf(app: TestApp, tenant: string): Promise<Organisation> {
  const keyFor: TestApp['keyFor'] = (role, options = {}) =>
    app.keyFor(role, { ...options, tenant });
  const keys = {} as Record<Role, string>;
  for (const role of roles) keys[role] = await keyFor(role);

  const request: TestApp['request'] = async ({ key, ...options }) => {
    if (key !== undefined) return app.request({ ...options, key });

    let response!: Awaited<ReturnType<TestApp['request']>>;
    for (const role of ['admin', 'reviewer', 'author', 'integration'] as const) {
      response = await app.request({ ...options, key: keys[role] });
      if (response.statusCode !== 403) return response;
    }
    return response;
  };

  return {
    tenant,
    keys,
    app: {
      app: app.app,
      runtime: app.runtime,
      databaseUrl: app.databaseUrl,
      get logLines() {
        return app.logLines;
      },
      logText: app.logText,
      keyFor,
      request,
      eventCount: app.eventCount,
    },
  };
}

/**
 * Everything an organisation keeps, through the API: the shared scenario
 * (people, a team, a log, entries, a review with an insight), then a closed
 * log about the team, an action and a sharing decision, the insight applied
 * and a direct edit to the profile (version 2), a direct edit to the team
 * plan (version 1), acknowledgements of both, an amended and withdrawn entry,
 * and an API key made through the API.
 */
export async function seedOrganisation(org: Organisation, say: Say): Promise<Records> {
  const { app, keys } = org;
  const s = await buildScenario(app, say);
  const asReviewer = { key: s.reviewerKey };

  const teamLog = await app.request({
    method: 'POST',
    url: '/learning-logs',
    payload: {
      subject: { kind: 'team', teamId: s.teamId },
      purpose: say('Handovers between shifts'),
      reviewRhythm: 'monthly',
    },
  });
  const teamLogId = expectStatus(teamLog, 201, 'open team log').logId as string;
  expectStatus(
    await app.request({
      method: 'POST',
      url: `/learning-logs/${teamLogId}/closure`,
      ...asReviewer,
      payload: { reason: say('Handovers settled') },
    }),
    200,
    'close team log',
  );

  const decide = async (path: string, payload: object) =>
    expectStatus(
      await app.request({
        method: 'POST',
        url: `/reviews/${s.reviewId}/${path}`,
        ...asReviewer,
        payload,
      }),
      201,
      `agree ${path}`,
    );
  await decide('actions', {
    description: say('Book the pool lane before ten.'),
    ownerId: s.employees[1],
    dueOn: '2025-04-01',
  });
  await decide('sharing', {
    audience: 'named-employees',
    employeeIds: [s.employees[2]],
    method: say('At the Monday handover'),
  });

  expectStatus(await applyInsight(app, s, 0, say('Choosing my own locker.')), 201, 'apply insight');
  const profile = expectStatus(
    await directEdit(app, s.profileUrl, 1, say('Ask once, then wait for my sign.'), {
      key: s.reviewerKey,
    }),
    201,
    'edit profile',
  );
  const plan = expectStatus(
    await directEdit(app, `/teams/${s.teamId}/plan`, 0, say('We hand over in person.'), {
      key: s.reviewerKey,
      section: 'agreed-and-learned',
    }),
    201,
    'edit plan',
  );
  for (const [url, employee] of [
    [`${s.profileUrl}/acknowledgements`, 0],
    [`/teams/${s.teamId}/plan/acknowledgements`, 1],
  ] as const) {
    expectStatus(
      await app.request({
        method: 'POST',
        url,
        key: s.employeeKeys[employee],
        payload: { version: 1 },
      }),
      201,
      'acknowledge',
    );
  }

  const entry = s.entryIds[2];
  const byItsAuthor = { key: s.employeeKeys[2] };
  expectStatus(
    await app.request({
      method: 'POST',
      url: `/entries/${entry}/amendments`,
      ...byItsAuthor,
      payload: { reason: say('Wrong place.'), changes: { place: say('the teaching pool') } },
    }),
    200,
    'amend entry',
  );
  expectStatus(
    await app.request({
      method: 'POST',
      url: `/entries/${entry}/withdrawal`,
      ...byItsAuthor,
      payload: { reason: say('Written about the wrong day.') },
    }),
    200,
    'withdraw entry',
  );

  const apiKey = await app.request({
    method: 'POST',
    url: '/api-keys',
    key: keys.admin,
    payload: {
      role: 'author',
      actor: { kind: 'employee', personId: s.employees[0] },
      label: say("Bram's tablet"),
    },
  });

  return {
    person: s.personId,
    employee: s.employees[0],
    team: s.teamId,
    log: s.logId,
    entry,
    review: s.reviewId,
    insight: s.insightId,
    statement: profile.sections['how-to-support'][0].statementId,
    planStatement: plan.sections['agreed-and-learned'][0].statementId,
    externalRef: say('sp-fiction-001'),
    prefix: expectStatus(apiKey, 201, 'create key').prefix,
  };
}
