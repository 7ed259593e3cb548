import type { DomainEvent } from '../../src/domain/events.ts';
import type { StoredEvent } from '../../src/event-store/port.ts';

/** A stored event seen as the domain fact it records, so projections can switch on its type. */
export function factOf(event: StoredEvent): DomainEvent {
  return { type: event.type, data: event.data } as DomainEvent;
}

/** Returns a copy of the list with the item added once, keeping order. */
export function withItem(list: readonly string[], item: string): string[] {
  return list.includes(item) ? [...list] : [...list, item];
}

export function withoutItem(list: readonly string[], item: string): string[] {
  return list.filter((x) => x !== item);
}
