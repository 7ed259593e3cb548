import type { PersonKind } from '../../src/domain/vocabulary.ts';

export interface PersonView {
  [field: string]: unknown;
  personId: string;
  tenant: string;
  kind: PersonKind;
  displayName: string;
  externalRef: string | null;
  registeredAt: string;
  /** Teams this person is a member of (employees). */
  memberOf: string[];
  /** Teams that support this person. */
  supportedBy: string[];
  /** When the person was erased; absent until then. */
  erasedAt?: string;
}

export interface TeamView {
  [field: string]: unknown;
  teamId: string;
  tenant: string;
  name: string;
  purpose: string | null;
  formedAt: string;
  members: string[];
  supports: string[];
}

export interface ExternalRefView {
  [field: string]: unknown;
  personId: string;
}

export type Directory = PersonView | TeamView | ExternalRefView;

export const keys = {
  person: (personId: string) => `person:${personId}`,
  team: (teamId: string) => `team:${teamId}`,
  // The reference is the care-record system's identifier, unique per organisation.
  externalRef: (tenant: string, externalRef: string) => `external-ref:${tenant}:${externalRef}`,
};
