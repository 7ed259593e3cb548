import type { LogCursor } from '../../src/event-store/log-cursor.ts';
import {
  eventSchemas,
  type EntryContent,
  type EventData,
  type EventType,
} from '../../src/domain/events.ts';
import type { Actor, StoredEvent } from '../../src/event-store/port.ts';
import { personStream } from '../../src/domain/person.ts';

/** The fictional organisation every fixture belongs to. */
export const ORG = 'org-larkspur-support';
export const OTHER_ORG = 'org-fennick-care';

/** A fixed UUID that reads as its number in a failure: id(7) ends in ...000000000007. */
export function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const WREN = id(1); // supported person
export const TOBIAS = id(2); // support worker
export const INES = id(3); // support worker
export const OSKAR = id(4); // team leader, runs reviews
export const RAVI = id(5); // support worker who joins later
export const TEAM = id(10);
export const LOG = id(20);

const start = Date.parse('2025-03-03T08:00:00.000Z');

/** The fixed clock: the event at position n was recorded n minutes after 08:00 on 3 March 2025. */
export function clock(position: number): string {
  return new Date(start + position * 60_000).toISOString();
}

export function employee(personId: string, role: Actor['role'] = 'author'): Actor {
  return { id: personId, kind: 'employee', role, via: `key:${personId.slice(-6)}` };
}

export const careRecords: Actor = {
  id: 'system:care-records',
  kind: 'system',
  role: 'admin',
  via: 'key:c0ffee000001',
};

export interface RecordOptions {
  actor?: Actor;
  tenant?: string;
  occurredAt?: string;
}

/**
 * A history of stored events as the store would hand them out: positions
 * count up from 1, revisions per stream from 0, the clock ticks a minute per
 * event. Every event must satisfy the catalogue, so a fixture cannot invent data.
 */
export class History {
  readonly events: StoredEvent[] = [];
  readonly #revisions = new Map<string, number>();

  /** `defaults` apply to every event recorded, unless `record` says otherwise. */
  constructor(private readonly defaults: RecordOptions = {}) {}

  record<T extends EventType>(
    stream: string,
    type: T,
    data: EventData<T>,
    recordOptions: RecordOptions = {},
  ): StoredEvent {
    const options = { ...this.defaults, ...recordOptions };
    const checked = eventSchemas[type].safeParse(data);
    if (!checked.success) throw new Error(`${type} breaks the catalogue: ${checked.error.message}`);

    const position = this.events.length + 1;
    const revision = (this.#revisions.get(stream) ?? -1) + 1;
    this.#revisions.set(stream, revision);
    const recordedAt = clock(position);

    const stored: StoredEvent = {
      id: id(900_000 + position),
      type,
      schemaVersion: 1,
      stream,
      revision,
      position,
      commit: position,
      occurredAt: options.occurredAt ?? recordedAt,
      recordedAt,
      actor: options.actor ?? careRecords,
      tenant: options.tenant ?? ORG,
      correlationId: `correlation-${position}`,
      causationId: `request-${position}`,
      data: data as Record<string, unknown>,
    };
    this.events.push(stored);
    return stored;
  }
}

/** A short, realistic entry; `occurredAt` is the activity time. */
export function entryAt(occurredAt: string, overrides: Partial<EntryContent> = {}): EntryContent {
  return {
    occurredAt,
    durationMinutes: 60,
    place: 'Harbour Road café',
    activity: 'Breakfast out',
    present: { employeeIds: [TOBIAS], others: [] },
    whatWorked: 'She chose the window table and ordered for herself.',
    whatDidNotWork: 'The coffee machine was loud; she covered her ears.',
    learned: 'A table away from the counter keeps her relaxed.',
    nextTime: 'Ask for the back corner table.',
    participation: null,
    importantTo: null,
    importantFor: null,
    ...overrides,
  };
}

/** The read-model documents as a plain object, so one `t.same` checks all of them. */
export function asObject<D>(docs: ReadonlyMap<string, D>): Record<string, D> {
  return Object.fromEntries(docs);
}

/** The cursor of a position on the embedded store, where commit and position agree. */
export function at(position: number): LogCursor {
  return { commit: position, position };
}

/** Records Wren, the supported person most fixtures are about. */
export function registerWren(history: History): void {
  history.record(personStream(WREN), 'PersonRegistered', {
    personId: WREN,
    kind: 'supported-person',
    displayName: 'Wren Halloway',
    externalRef: null,
  });
}
