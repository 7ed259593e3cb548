import type { Role } from './api-keys.ts';

/*
 * Who may call which operation, by the operation's id in the OpenAPI
 * document. Every route must have a row: an operation without one is refused
 * when the app is built, so a route added later cannot slip through open.
 *
 * The roles follow the domain: authors record learning; reviewers decide and
 * change documents; auditors read everything and change nothing; admins
 * manage people, teams and keys; integrations are care-record systems that
 * keep the directory in step and record on behalf of their users. Rules that
 * depend on the record itself (only an entry's author may amend it) are the
 * domain's, checked when the command is decided.
 */

const author: Role = 'author';
const reviewer: Role = 'reviewer';
const auditor: Role = 'auditor';
const admin: Role = 'admin';
const integration: Role = 'integration';

/** Those who manage the directory: people, teams, membership. */
const directoryKeepers = [admin, integration];
/** Everyone who may see the directory of people and teams. */
const everyone = [author, reviewer, auditor, admin, integration];
/** Those who may read care records: learning, reviews and documents. */
const recordReaders = [author, reviewer, auditor, integration];
/** Those who may write learning. */
const recorders = [author, reviewer, integration];
/** Those who trace decisions. */
const tracers = [reviewer, auditor];

export const permissions: Readonly<Record<string, readonly Role[]>> = {
  // Directory.
  postPeople: directoryKeepers,
  getPeople: everyone,
  getPeoplePersonId: everyone,
  postPeoplePersonIdErasure: [admin],
  postTeams: directoryKeepers,
  getTeamsTeamId: everyone,
  postTeamsTeamIdMembers: directoryKeepers,
  deleteTeamsTeamIdMembersPersonId: directoryKeepers,
  postTeamsTeamIdSupportedPeople: directoryKeepers,
  deleteTeamsTeamIdSupportedPeoplePersonId: directoryKeepers,

  // Learning logs and entries.
  postLearningLogs: recorders,
  getLearningLogs: recordReaders,
  getLearningLogsLogId: recordReaders,
  postLearningLogsLogIdClosure: [reviewer],
  postLearningLogsLogIdEntries: recorders,
  getLearningLogsLogIdEntries: recordReaders,
  getEntriesEntryId: recordReaders,
  postEntriesEntryIdAmendments: recorders,
  postEntriesEntryIdWithdrawal: recorders,
  getEntriesEntryIdAuditTrail: tracers,

  // Reviews and decisions.
  getReviewQueue: tracers,
  postLearningLogsLogIdReviews: [reviewer],
  getReviewsReviewId: recordReaders,
  postReviewsReviewIdInsights: [reviewer],
  postReviewsReviewIdActions: [reviewer],
  postReviewsReviewIdSharing: [reviewer],
  postReviewsReviewIdInsightsDecisionIdDecline: [reviewer],
  postReviewsReviewIdCompletion: [reviewer],

  // One-page profiles.
  getPeoplePersonIdProfile: recordReaders,
  getPeoplePersonIdProfileVersions: recordReaders,
  getPeoplePersonIdProfileVersionsVersion: recordReaders,
  postPeoplePersonIdProfileChanges: [reviewer],
  postPeoplePersonIdProfileAcknowledgements: recorders,
  getPeoplePersonIdProfileAcknowledgements: recordReaders,
  getPeoplePersonIdProfileAuditTrail: tracers,

  // Person-centred team plans.
  getTeamsTeamIdPlan: recordReaders,
  getTeamsTeamIdPlanVersions: recordReaders,
  getTeamsTeamIdPlanVersionsVersion: recordReaders,
  postTeamsTeamIdPlanChanges: [reviewer],
  postTeamsTeamIdPlanAcknowledgements: recorders,
  getTeamsTeamIdPlanAcknowledgements: recordReaders,
  getTeamsTeamIdPlanAuditTrail: tracers,
  getPeoplePersonIdOutstandingAcknowledgements: recordReaders,

  // The event feed, for systems that keep in step and for auditors.
  getEvents: [auditor, integration],

  // Who read whose records.
  getRecordReads: [auditor],

  // Everything held about one person, for a subject access request: the organisation answers
  // those as data controller, which is an admin's task, not a care role's.
  getPeoplePersonIdSubjectAccess: [admin],

  // Keys.
  postApiKeys: [admin],
  getApiKeys: [admin],
  deleteApiKeysPrefix: [admin],
};

/** The roles that may call an operation; undefined for an operation with no rule. */
export function permittedRoles(operationId: string): readonly Role[] | undefined {
  return Object.hasOwn(permissions, operationId) ? permissions[operationId] : undefined;
}
