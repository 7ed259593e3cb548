import type { StoredEvent } from '../../src/event-store/port.ts';
import { factOf } from '../engine/domain-event.ts';
import type { Projection, Writes } from '../engine/projection.ts';
import {
  emptySections,
  keys,
  type ChangeView,
  type DocumentView,
  type Documents,
  type Sections,
} from './views.ts';

const operations = {
  DocumentStatementAdded: 'add',
  DocumentStatementReworded: 'reword',
  DocumentStatementRemoved: 'remove',
} as const;

/** One-page profiles and team plans: the current version and a snapshot of every version. */
export const documentsProjection: Projection<Documents> = {
  name: 'documents',

  keysOf(event: StoredEvent): string[] {
    const fact = factOf(event);
    if (!(fact.type in operations)) return [];
    const { document, version } = event.data as {
      document: DocumentView['document'];
      version: number;
    };
    return [keys.document(document), keys.version(document, version)];
  },

  apply(event, docs): Writes<Documents> {
    const fact = factOf(event);
    const writes: Writes<Documents> = new Map();
    if (
      fact.type !== 'DocumentStatementAdded' &&
      fact.type !== 'DocumentStatementReworded' &&
      fact.type !== 'DocumentStatementRemoved'
    ) {
      return writes;
    }

    const { document, version, section, statementId, basis } = fact.data;
    const current = docs.get(keys.document(document)) as DocumentView | undefined;
    const sections: Sections = structuredClone(current?.sections ?? emptySections(document));
    const statements = sections[section] ?? [];
    const previousText = statements.find((s) => s.statementId === statementId)?.text ?? null;
    // Rewording or removing a statement the document lacks must stall the projection, not pass as a no-op.
    if (fact.type !== 'DocumentStatementAdded' && previousText === null) {
      throw new Error(`${section} has no statement ${statementId}`);
    }
    const text = fact.type === 'DocumentStatementRemoved' ? null : fact.data.text;

    if (fact.type === 'DocumentStatementAdded')
      statements.push({ statementId, text: fact.data.text });
    if (fact.type === 'DocumentStatementReworded') {
      const reworded = fact.data.text;
      sections[section] = statements.map((s) =>
        s.statementId === statementId ? { statementId, text: reworded } : s,
      );
    } else if (fact.type === 'DocumentStatementRemoved') {
      sections[section] = statements.filter((s) => s.statementId !== statementId);
    } else {
      sections[section] = statements;
    }

    const change: ChangeView = {
      version,
      recordedAt: event.recordedAt,
      authorId: event.actor.id,
      via: event.actor.via,
      operation: operations[fact.type],
      section,
      statementId,
      text,
      previousText,
      basis,
    };

    writes.set(keys.document(document), {
      document,
      tenant: event.tenant,
      version,
      sections,
      updatedAt: event.recordedAt,
      changes: [...(current?.changes ?? []), change],
    });
    writes.set(keys.version(document, version), { document, version, sections, change });
    return writes;
  },
};
