import type { StoredEvent } from '../../src/event-store/port.ts';
import { factOf } from '../engine/domain-event.ts';
import type { Projection, Writes } from '../engine/projection.ts';
import {
  keys,
  type Acknowledgements,
  type DocumentAcknowledgementsView,
  type EmployeeAcknowledgementsView,
} from './views.ts';

/** Acknowledgements by document and by employee. Who still owes one is worked out when asked. */
export const acknowledgementsProjection: Projection<Acknowledgements> = {
  name: 'acknowledgements',

  keysOf(event: StoredEvent): string[] {
    const fact = factOf(event);
    if (fact.type !== 'DocumentVersionAcknowledged') return [];
    return [keys.document(fact.data.document), keys.employee(fact.data.employeeId)];
  },

  apply(event, docs): Writes<Acknowledgements> {
    const fact = factOf(event);
    const writes: Writes<Acknowledgements> = new Map();
    if (fact.type !== 'DocumentVersionAcknowledged') return writes;

    const { document, version, employeeId } = fact.data;
    const acknowledged = { version, acknowledgedAt: event.recordedAt };

    const byDocument = docs.get(keys.document(document)) as
      DocumentAcknowledgementsView | undefined;
    const byEmployee = { ...(byDocument?.byEmployee ?? {}) };
    byEmployee[employeeId] = [...(byEmployee[employeeId] ?? []), acknowledged];
    writes.set(keys.document(document), { document, byEmployee });

    const ofEmployee = docs.get(keys.employee(employeeId)) as
      EmployeeAcknowledgementsView | undefined;
    writes.set(keys.employee(employeeId), {
      employeeId,
      acknowledged: [...(ofEmployee?.acknowledged ?? []), { ...acknowledged, document }],
    });
    return writes;
  },
};
