import type { StoredEvent } from './port.ts';

/**
 * The one place where events written under an older schema version are brought
 * up to the current one on read. Each entry lifts one type from version n to
 * n + 1; a stored event passes through every step it needs.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

const upcasters: Record<string, Record<number, Upcaster>> = {};

export function upcast(event: StoredEvent): StoredEvent {
  const steps = upcasters[event.type];
  if (steps === undefined) return event;

  let { data, schemaVersion } = event;
  for (let step = steps[schemaVersion]; step !== undefined; step = steps[schemaVersion]) {
    data = step(data);
    schemaVersion += 1;
  }

  return { ...event, data, schemaVersion };
}
