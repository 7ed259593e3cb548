import type { LogSubject } from '../../domain/vocabulary.ts';
import type { ReadSubject } from '../../read-audit/port.ts';
import type { Queries } from '../../runtime.ts';

type Params = Record<string, string>;

/** Finds whose records an answered read showed; null for reads across many people. */
export type SubjectOf = (
  params: Params,
  tenant: string,
  queries: Queries,
) => Promise<ReadSubject | null>;

const person: SubjectOf = async (params) => ({ kind: 'person', id: params.personId! });
const team: SubjectOf = async (params) => ({ kind: 'team', id: params.teamId! });
const many: SubjectOf = async () => null;

const ofLogSubject = (subject: LogSubject): ReadSubject =>
  subject.kind === 'person'
    ? { kind: 'person', id: subject.personId }
    : { kind: 'team', id: subject.teamId };

async function ofLog(logId: string, tenant: string, queries: Queries): Promise<ReadSubject | null> {
  const log = await queries.logs.log(tenant, logId);
  return log === undefined ? null : ofLogSubject(log.subject);
}

const log: SubjectOf = (params, tenant, queries) => ofLog(params.logId!, tenant, queries);

const entry: SubjectOf = async (params, tenant, queries) => {
  const found = await queries.logs.entry(tenant, params.entryId!);
  return found === undefined ? null : ofLog(found.logId, tenant, queries);
};

const review: SubjectOf = async (params, tenant, queries) => {
  const found = await queries.reviews.review(tenant, params.reviewId!);
  return found === undefined ? null : ofLog(found.logId, tenant, queries);
};

/**
 * Every read operation, and whose records it shows. An answered read of any
 * of them is recorded; `unrecorded` ones show no one's records. A read
 * operation missing here fails the read-audit test, so a new one gets a
 * decision.
 */
export const readSubjects: Readonly<Record<string, SubjectOf | 'unrecorded'>> = {
  getPeople: many,
  getPeoplePersonId: person,
  getTeamsTeamId: team,

  getLearningLogs: many,
  getReviewQueue: many,
  getLearningLogsLogId: log,
  getLearningLogsLogIdEntries: log,
  getEntriesEntryId: entry,
  getEntriesEntryIdAuditTrail: entry,
  getReviewsReviewId: review,

  getPeoplePersonIdProfile: person,
  getPeoplePersonIdProfileVersions: person,
  getPeoplePersonIdProfileVersionsVersion: person,
  getPeoplePersonIdProfileAcknowledgements: person,
  getPeoplePersonIdProfileAuditTrail: person,
  getPeoplePersonIdOutstandingAcknowledgements: person,
  getPeoplePersonIdSubjectAccess: person,

  getTeamsTeamIdPlan: team,
  getTeamsTeamIdPlanVersions: team,
  getTeamsTeamIdPlanVersionsVersion: team,
  getTeamsTeamIdPlanAcknowledgements: team,
  getTeamsTeamIdPlanAuditTrail: team,

  getEvents: many,

  getApiKeys: 'unrecorded',
  getRecordReads: 'unrecorded',
};
