/** The parts of the service's answers the demo reads; `openapi/openapi.json` has them in full. */

export interface Identified {
  personId: string;
}

export interface Statement {
  statementId: string;
  text: string;
}

export interface DocumentView {
  version: number;
  since: string | null;
  sections: Record<string, Statement[]>;
}

export interface PersonRef {
  id: string;
  displayName: string | null;
}

export interface EntrySummary {
  entryId: string;
  author: PersonRef;
  writtenAt: string;
  occurredAt: string;
  activity: string;
  learned: string;
  withdrawn: boolean;
}

export interface DecisionTrace {
  finding: string;
  category: string;
  status: string;
  decidedAt: string;
  decidedBy: PersonRef;
  review: { startedAt: string; completedAt: string | null; participants: PersonRef[] };
}

export interface VersionTrace {
  version: number;
  recordedAt: string;
  author: PersonRef;
  operation: 'add' | 'reword' | 'remove';
  section: string;
  text: string | null;
  previousText: string | null;
  reason: string | null;
  decision: DecisionTrace | null;
  entries: EntrySummary[];
  acknowledgedBy: Array<PersonRef & { acknowledgedAt: string; version: number }>;
}

export type ProducedVersion = Omit<VersionTrace, 'decision' | 'entries'> & {
  document: { kind: string };
};

export interface EntryTrace {
  entry: EntrySummary;
  decisions: Array<DecisionTrace & { producedVersion: ProducedVersion | null }>;
}

export interface Owed {
  employeeId: string;
  items: Array<{
    document: { kind: string; subjectId: string };
    latestVersion: number;
    acknowledgedVersion: number | null;
  }>;
}

export interface EntryView {
  entryId: string;
  authorId: string;
  content: { occurredAt: string; activity: string };
  amendments: Array<{ amendedBy: string; reason: string }>;
  withdrawal: { withdrawnBy: string; reason: string } | null;
  reviewed: boolean;
}

export type Decision =
  | {
      kind: 'insight';
      finding: string;
      category: string;
      status: 'proposed' | 'needs-no-record' | 'declined' | 'applied';
      noRecordReason: string | null;
      declineReason: string | null;
      appliedTo: { version: number } | null;
    }
  | { kind: 'action'; description: string; ownerId: string; dueOn: string }
  | {
      kind: 'sharing';
      audience: string;
      employeeIds: string[];
      detail: string | null;
      method: string;
    };

export interface ReviewView {
  reviewId: string;
  entryIds: string[];
  completedAt: string | null;
  decisions: Decision[];
}
