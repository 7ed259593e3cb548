import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import {
  activityTimes,
  assertProblem,
  assertRefusals,
  buildScenario,
  entryBody,
  type Refusal,
  unknownId,
} from './fixtures.ts';

t.test('ids in the path that name nothing are 404 with the right code', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const entry = entryBody((what) => what, activityTimes[0]);
  const reason = { reason: 'Typo.' };

  const reads: Array<[string, string]> = [
    [`/people/${unknownId}`, 'PERSON_NOT_FOUND'],
    [`/teams/${unknownId}`, 'TEAM_NOT_FOUND'],
    [`/learning-logs/${unknownId}`, 'LOG_NOT_FOUND'],
    [`/learning-logs/${unknownId}/entries`, 'LOG_NOT_FOUND'],
    [`/entries/${unknownId}`, 'ENTRY_NOT_FOUND'],
    [`/entries/${unknownId}/audit-trail`, 'ENTRY_NOT_FOUND'],
    [`/reviews/${unknownId}`, 'REVIEW_NOT_FOUND'],
    [`/people/${unknownId}/profile`, 'PERSON_NOT_FOUND'],
    [`/people/${unknownId}/profile/audit-trail`, 'PERSON_NOT_FOUND'],
    [`/teams/${unknownId}/plan/versions`, 'TEAM_NOT_FOUND'],
    [`${s.profileUrl}/versions/9`, 'VERSION_NOT_FOUND'],
    [`/people/${unknownId}/outstanding-acknowledgements`, 'PERSON_NOT_FOUND'],
    ['/care-plans', 'ROUTE_NOT_FOUND'],
  ];
  const writes: Array<[string, object, string]> = [
    [`/learning-logs/${unknownId}/entries`, entry, 'LOG_NOT_FOUND'],
    [`/learning-logs/${unknownId}/closure`, {}, 'LOG_NOT_FOUND'],
    [`/learning-logs/${unknownId}/reviews`, { upTo: activityTimes[2] }, 'LOG_NOT_FOUND'],
    [
      `/entries/${unknownId}/amendments`,
      { ...reason, changes: { place: 'Pool' } },
      'ENTRY_NOT_FOUND',
    ],
    [`/entries/${unknownId}/withdrawal`, reason, 'ENTRY_NOT_FOUND'],
    [`/teams/${unknownId}/members`, { personId: s.employees[0] }, 'TEAM_NOT_FOUND'],
    [`/reviews/${unknownId}/completion`, {}, 'REVIEW_NOT_FOUND'],
    [`/reviews/${s.reviewId}/insights/${unknownId}/decline`, reason, 'DECISION_NOT_FOUND'],
    [`/people/${unknownId}/profile/acknowledgements`, { version: 1 }, 'PERSON_NOT_FOUND'],
  ];

  await assertRefusals(t, app, [
    ...reads.map(([url, code]): Refusal => ({ name: url, method: 'GET', url, status: 404, code })),
    ...writes.map(([url, payload, code]): Refusal => ({
      name: url,
      method: 'POST',
      url,
      payload,
      status: 404,
      code,
    })),
  ]);
});

t.test('ids in a body that name nothing, or the wrong kind of person, are 422', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const profileOfNobody = { kind: 'one-page-profile', subjectId: unknownId };

  await assertRefusals(t, app, [
    {
      name: 'a log about nobody',
      method: 'POST',
      url: '/learning-logs',
      payload: {
        subject: { kind: 'person', personId: unknownId },
        purpose: 'Swims',
        reviewRhythm: 'weekly',
      },
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      fields: ['body.subject.personId'],
    },
    {
      name: 'a member who is nobody',
      method: 'POST',
      url: `/teams/${s.teamId}/members`,
      payload: { personId: unknownId },
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      fields: ['body.personId'],
    },
    {
      name: 'a supported person as a member',
      method: 'POST',
      url: `/teams/${s.teamId}/members`,
      payload: { personId: s.personId },
      status: 422,
      code: 'PERSON_NOT_AN_EMPLOYEE',
      fields: ['body.personId'],
    },
    {
      name: 'an entry with an unknown employee present',
      method: 'POST',
      url: `/learning-logs/${s.logId}/entries`,
      payload: entryBody((what) => what, activityTimes[0], [unknownId]),
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      fields: ['body.present.employeeIds.0'],
    },
    {
      name: 'an insight for the profile of nobody',
      method: 'POST',
      url: `/reviews/${s.reviewId}/insights`,
      payload: {
        finding: 'Quiet.',
        category: 'important-to',
        entryIds: [s.entryIds[0]],
        destination: { document: profileOfNobody, section: 'important-to' },
      },
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      fields: ['body.destination.document.subjectId'],
    },
    {
      name: 'a review of an entry that does not exist',
      method: 'POST',
      url: `/learning-logs/${s.logId}/reviews`,
      payload: { entryIds: [s.entryIds[0], unknownId] },
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      fields: ['body.entryIds.1'],
    },
    {
      name: 'applying an insight of an unknown review',
      method: 'POST',
      url: `${s.profileUrl}/changes`,
      headers: { 'if-match': '"0"' },
      payload: {
        operation: 'add',
        section: 'important-to',
        text: 'Quiet.',
        basis: { kind: 'insight', reviewId: unknownId, decisionId: s.insightId },
      },
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      fields: ['body.basis.reviewId'],
    },
  ]);
});

t.test('without a valid key nothing is read or written', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const person = `/people/${s.personId}`;
  const elsewhere = await app.keyFor('admin', { tenant: 'another-organisation' });

  await assertRefusals(t, app, [
    { name: 'no key', method: 'GET', url: person, key: null, status: 401, code: 'UNAUTHENTICATED' },
    {
      name: 'an unknown key',
      method: 'GET',
      url: person,
      key: 'll_000000000000_not-a-real-key',
      status: 401,
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'a password instead of a key',
      method: 'GET',
      url: person,
      key: null,
      headers: { authorization: 'Basic d3JlbjpzZWNyZXQ=' },
      status: 401,
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'a write without a key',
      method: 'POST',
      url: '/people',
      key: null,
      payload: { kind: 'employee', displayName: 'Ike Notreal' },
      status: 401,
      code: 'UNAUTHENTICATED',
    },
    {
      name: 'a key of another organisation',
      method: 'GET',
      url: person,
      key: elsewhere,
      status: 404,
      code: 'PERSON_NOT_FOUND',
    },
  ]);

  const author = await app.keyFor('author');
  const keyRequest = {
    role: 'admin',
    actor: { kind: 'system', name: 'care-records' },
    label: 'Sync',
  };
  const forbidden = await app.request({
    method: 'POST',
    url: '/api-keys',
    key: author,
    payload: keyRequest,
  });
  assertProblem(t, forbidden, 403, 'FORBIDDEN');
  const live = await app.request({ method: 'GET', url: '/health/live', key: null });
  t.equal(live.statusCode, 200, 'health needs no key');
});
