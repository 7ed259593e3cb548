import type { Statement } from '../../src/domain/document.ts';
import type { ChangeBasis } from '../../src/domain/events.ts';
import { documentStream, sectionsOf, type DocumentRef } from '../../src/domain/vocabulary.ts';

/** What one version changed, by whom and why. */
export interface ChangeView {
  version: number;
  recordedAt: string;
  authorId: string;
  /** The API key or client system the change came through. */
  via: string;
  operation: 'add' | 'reword' | 'remove';
  section: string;
  statementId: string;
  text: string | null;
  previousText: string | null;
  basis: ChangeBasis;
}

export type Sections = Record<string, Statement[]>;

export interface DocumentView {
  [field: string]: unknown;
  document: DocumentRef;
  tenant: string;
  version: number;
  sections: Sections;
  updatedAt: string;
  changes: ChangeView[];
}

export interface VersionView {
  [field: string]: unknown;
  document: DocumentRef;
  version: number;
  sections: Sections;
  change: ChangeView;
}

export type Documents = DocumentView | VersionView;

export const keys = {
  document: (document: DocumentRef) => `document:${documentStream(document)}`,
  version: (document: DocumentRef, version: number) =>
    `version:${documentStream(document)}:${version}`,
};

export function emptySections(document: DocumentRef): Sections {
  return Object.fromEntries(sectionsOf[document.kind].map((section) => [section, []]));
}
