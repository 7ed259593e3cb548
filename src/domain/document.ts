import type { Decider } from './decider.ts';
import { fail } from './errors.ts';
import { event, type ChangeBasis, type DomainEvent } from './events.ts';
import type { InsightState } from './review.ts';
import { isSectionOf, type DocumentRef } from './vocabulary.ts';

export interface Statement {
  readonly statementId: string;
  readonly text: string;
}

export interface DocumentState {
  /** 0 before the first change: every profile and team plan starts empty. */
  readonly version: number;
  readonly sections: Readonly<Record<string, readonly Statement[]>>;
  readonly appliedDecisions: ReadonlySet<string>;
}

export type StatementChange =
  | { operation: 'add'; section: string; text: string }
  | { operation: 'reword'; section: string; statementId: string; text: string }
  | { operation: 'remove'; section: string; statementId: string };

export type ChangeReason =
  | { kind: 'direct-edit'; reason: string }
  | {
      kind: 'insight';
      reviewId: string;
      decisionId: string;
      /** The insight as its review holds it, or undefined when the review has none by that id. */
      insight: InsightState | undefined;
    };

export interface ChangeDocument {
  type: 'ChangeDocument';
  document: DocumentRef;
  change: StatementChange;
  /** The id a newly added statement will carry. */
  newStatementId: string;
  because: ChangeReason;
}

export const documentDecider: Decider<DocumentState, ChangeDocument> = {
  initialState: { version: 0, sections: {}, appliedDecisions: new Set() },

  evolve(state, e: DomainEvent): DocumentState {
    if (
      e.type !== 'DocumentStatementAdded' &&
      e.type !== 'DocumentStatementReworded' &&
      e.type !== 'DocumentStatementRemoved'
    ) {
      return state;
    }

    const { section, statementId, basis } = e.data;
    const statements = state.sections[section] ?? [];
    const changed =
      e.type === 'DocumentStatementAdded'
        ? [...statements, { statementId, text: e.data.text }]
        : e.type === 'DocumentStatementReworded'
          ? statements.map((s) =>
              s.statementId === statementId ? { statementId, text: e.data.text } : s,
            )
          : statements.filter((s) => s.statementId !== statementId);

    const appliedDecisions =
      basis.kind === 'insight'
        ? new Set(state.appliedDecisions).add(basis.decisionId)
        : state.appliedDecisions;

    return {
      version: e.data.version,
      sections: { ...state.sections, [section]: changed },
      appliedDecisions,
    };
  },

  decide(command, state) {
    const { document, change } = command;
    if (!isSectionOf(document.kind, change.section)) {
      fail('UNKNOWN_SECTION', `A ${document.kind} has no section "${change.section}".`, {
        field: 'section',
      });
    }

    const basis = basisFor(command, state);
    const version = state.version + 1;

    if (change.operation === 'add') {
      const statementId = command.newStatementId;
      return [
        event('DocumentStatementAdded', {
          document,
          version,
          section: change.section,
          statementId,
          text: change.text,
          basis,
        }),
      ];
    }

    const current = (state.sections[change.section] ?? []).find(
      (s) => s.statementId === change.statementId,
    );
    if (current === undefined) {
      fail('STATEMENT_NOT_FOUND', 'That section has no statement with this id.', {
        field: 'statementId',
      });
    }

    const statementId = change.statementId;
    if (change.operation === 'remove') {
      return [
        event('DocumentStatementRemoved', {
          document,
          version,
          section: change.section,
          statementId,
          basis,
        }),
      ];
    }

    if (current.text === change.text)
      fail('STATEMENT_UNCHANGED', 'The new wording is the same as the current one.');
    return [
      event('DocumentStatementReworded', {
        document,
        version,
        section: change.section,
        statementId,
        text: change.text,
        basis,
      }),
    ];
  },
};

function basisFor(command: ChangeDocument, state: DocumentState): ChangeBasis {
  const because = command.because;
  if (because.kind === 'direct-edit') return { kind: 'direct-edit', reason: because.reason };

  const insight = because.insight;
  if (insight === undefined) {
    fail('UNKNOWN_REFERENCE', 'The review has no insight with this id.', {
      field: 'basis.decisionId',
    });
  }
  if (insight.status === 'declined')
    fail('INSIGHT_ALREADY_DECLINED', 'A declined insight cannot be applied.');
  if (state.appliedDecisions.has(insight.decisionId)) {
    fail('INSIGHT_ALREADY_APPLIED', 'This insight has already been applied to this document.');
  }
  if (insight.destination === null) {
    fail('INSIGHT_NEEDS_NO_RECORD', 'This insight was agreed to need no record in a document.');
  }

  const { document, section } = insight.destination;
  const sameDocument =
    document.kind === command.document.kind && document.subjectId === command.document.subjectId;
  if (!sameDocument || section !== command.change.section) {
    fail(
      'INSIGHT_DESTINATION_MISMATCH',
      'An insight is applied to the document and section its review chose.',
      {
        destination: insight.destination,
      },
    );
  }

  return {
    kind: 'insight',
    reviewId: because.reviewId,
    decisionId: insight.decisionId,
    entryIds: [...insight.entryIds],
  };
}
