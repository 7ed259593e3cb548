import { activityTimes, entryBody } from './fixtures.ts';
import type { Kind } from './organisations.ts';

/** Names a record of some kind; the walk decides whose (A's, B's, or nobody's). */
export type Ref = (kind: Kind) => string;

/** How to call one operation: everything but the path comes from here. */
export interface Case {
  /** Path parameters that name another kind than their name says. */
  readonly path?: Readonly<Record<string, Kind>>;
  readonly query?: (ref: Ref) => Record<string, string>;
  readonly body?: (ref: Ref) => unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a path parameter names, by its name. */
export const pathKinds: Readonly<Record<string, Kind>> = {
  personId: 'person',
  teamId: 'team',
  logId: 'log',
  entryId: 'entry',
  reviewId: 'review',
  decisionId: 'insight',
  prefix: 'prefix',
};

/** Path parameters that name no record, with the value to send. */
export const pathValues: Readonly<Record<string, string>> = { version: '1' };

/** Query parameters that name no record: cursors, limits, times, states. */
export const plainQuery = new Set(['after', 'limit', 'from', 'to', 'reviewed', 'status', 'at']);

/** Both organisations' documents stand at these versions once seeded. */
const profileVersion = { 'if-match': '"2"' };
const planVersion = { 'if-match': '"1"' };

const documentChanges = (
  headers: Record<string, string>,
  section: string,
  statement: Kind,
): Case[] => [
  {
    headers,
    body: (ref) => ({
      operation: 'add',
      section,
      text: 'Quiet mornings suit us.',
      basis: { kind: 'insight', reviewId: ref('review'), decisionId: ref('insight') },
    }),
  },
  {
    headers,
    body: (ref) => ({
      operation: 'reword',
      section,
      statementId: ref(statement),
      text: 'Ask once, then wait.',
      basis: { kind: 'direct-edit', reason: 'Agreed in supervision.' },
    }),
  },
];

const acknowledgement: Case = {
  body: (ref) => ({ version: 1, employeeId: ref('employee') }),
};

/**
 * One or more requests per operation of the OpenAPI document. Every id a
 * request names goes through `ref`, so the walk can swap in another
 * organisation's id. An operation missing here fails the isolation test.
 */
export const cases: Readonly<Record<string, Case | readonly Case[]>> = {
  postPeople: {
    body: (ref) => ({
      kind: 'supported-person',
      displayName: 'Oona Madeup',
      externalRef: ref('externalRef'),
    }),
  },
  getPeople: { query: (ref) => ({ externalRef: ref('externalRef') }) },
  getPeoplePersonId: {},
  postPeoplePersonIdErasure: { body: () => ({ reason: 'Erasure request ER-9.' }) },
  postTeams: { body: () => ({ name: 'Larch Lane team' }) },
  getTeamsTeamId: {},
  postTeamsTeamIdMembers: { body: (ref) => ({ personId: ref('employee') }) },
  deleteTeamsTeamIdMembersPersonId: { path: { personId: 'employee' } },
  postTeamsTeamIdSupportedPeople: { body: (ref) => ({ personId: ref('person') }) },
  deleteTeamsTeamIdSupportedPeoplePersonId: {},

  postLearningLogs: [
    {
      body: (ref) => ({
        subject: { kind: 'person', personId: ref('person') },
        purpose: 'First bus journeys',
        reviewRhythm: 'weekly',
      }),
    },
    {
      body: (ref) => ({
        subject: { kind: 'team', teamId: ref('team') },
        purpose: 'Night shifts',
        reviewRhythm: 'team-meeting',
      }),
    },
  ],
  getLearningLogs: [
    {},
    { query: (ref) => ({ subjectId: ref('person') }) },
    { query: (ref) => ({ subjectId: ref('team') }) },
  ],
  getReviewQueue: {},
  getLearningLogsLogId: {},
  postLearningLogsLogIdClosure: { body: () => ({ reason: 'The swims are routine now.' }) },
  postLearningLogsLogIdEntries: {
    body: (ref) => entryBody((what) => what, activityTimes[1], [ref('employee')]),
  },
  getLearningLogsLogIdEntries: [{}, { query: (ref) => ({ authorId: ref('employee') }) }],
  getEntriesEntryId: {},
  postEntriesEntryIdAmendments: {
    body: (ref) => ({
      reason: 'Named the wrong colleague.',
      changes: { present: { employeeIds: [ref('employee')], others: [] } },
    }),
  },
  postEntriesEntryIdWithdrawal: { body: () => ({ reason: 'Written in error.' }) },
  getEntriesEntryIdAuditTrail: {},

  postLearningLogsLogIdReviews: {
    body: (ref) => ({ entryIds: [ref('entry')], participants: [ref('employee')] }),
  },
  getReviewsReviewId: {},
  postReviewsReviewIdInsights: {
    // B's entry is a withdrawn one. It was once looked up before the review refused it as not its
    // own, so A was told ENTRY_WITHDRAWN for it and ENTRY_OUTSIDE_REVIEW for an id of nobody's.
    body: (ref) => ({
      finding: 'She settles when she chooses.',
      category: 'important-to',
      entryIds: [ref('entry')],
      destination: {
        document: { kind: 'one-page-profile', subjectId: ref('person') },
        section: 'important-to',
      },
    }),
  },
  postReviewsReviewIdActions: {
    body: (ref) => ({
      description: 'Ask reception about school bookings.',
      ownerId: ref('employee'),
      dueOn: '2025-05-01',
    }),
  },
  postReviewsReviewIdSharing: {
    body: (ref) => ({
      audience: 'named-employees',
      employeeIds: [ref('employee')],
      method: 'At the next handover',
    }),
  },
  postReviewsReviewIdInsightsDecisionIdDecline: { body: () => ({ reason: 'Not what we saw.' }) },
  postReviewsReviewIdCompletion: { body: () => ({}) },

  getPeoplePersonIdProfile: {},
  getPeoplePersonIdProfileVersions: {},
  getPeoplePersonIdProfileVersionsVersion: {},
  postPeoplePersonIdProfileChanges: documentChanges(profileVersion, 'how-to-support', 'statement'),
  postPeoplePersonIdProfileAcknowledgements: acknowledgement,
  getPeoplePersonIdProfileAcknowledgements: {},
  getPeoplePersonIdProfileAuditTrail: [{}, { query: (ref) => ({ statementId: ref('statement') }) }],

  getTeamsTeamIdPlan: {},
  getTeamsTeamIdPlanVersions: {},
  getTeamsTeamIdPlanVersionsVersion: {},
  postTeamsTeamIdPlanChanges: documentChanges(planVersion, 'agreed-and-learned', 'planStatement'),
  postTeamsTeamIdPlanAcknowledgements: acknowledgement,
  getTeamsTeamIdPlanAcknowledgements: {},
  getTeamsTeamIdPlanAuditTrail: [{}, { query: (ref) => ({ statementId: ref('planStatement') }) }],
  getPeoplePersonIdOutstandingAcknowledgements: { path: { personId: 'employee' } },

  getEvents: { query: () => ({ limit: '1000' }) },
  getRecordReads: {
    query: (ref) => ({ subjectId: ref('person'), actorId: ref('employee'), limit: '200' }),
  },
  getPeoplePersonIdSubjectAccess: {},

  postApiKeys: {
    body: (ref) => ({
      role: 'author',
      actor: { kind: 'employee', personId: ref('employee') },
      label: 'Spare tablet',
    }),
  },
  getApiKeys: {},
  deleteApiKeysPrefix: {},
};
