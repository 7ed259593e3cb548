import type { DocumentRef } from '../../src/domain/vocabulary.ts';
import { documentStream } from '../../src/domain/vocabulary.ts';

export interface Acknowledged {
  version: number;
  acknowledgedAt: string;
}

/** Who has acknowledged which versions of one document. */
export interface DocumentAcknowledgementsView {
  [field: string]: unknown;
  document: DocumentRef;
  byEmployee: Record<string, Acknowledged[]>;
}

/** Every version one employee has acknowledged. */
export interface EmployeeAcknowledgementsView {
  [field: string]: unknown;
  employeeId: string;
  acknowledged: Array<Acknowledged & { document: DocumentRef }>;
}

export type Acknowledgements = DocumentAcknowledgementsView | EmployeeAcknowledgementsView;

export const keys = {
  document: (document: DocumentRef) => `document:${documentStream(document)}`,
  employee: (employeeId: string) => `employee:${employeeId}`,
};
