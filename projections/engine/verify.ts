import { isAfter } from '../../src/event-store/log-cursor.ts';
import type { EventStore, StoredEvent } from '../../src/event-store/port.ts';
import { pagesOf } from '../../src/event-store/read-log.ts';
import { foldProjection, versionKey, type Projection } from './projection.ts';
import type { ReadStore } from './read-store.ts';

export interface Difference {
  readonly projection: string;
  readonly key: string;
  readonly problem: 'missing' | 'unexpected' | 'different';
}

/**
 * Folds every event from position 0 in memory and compares the result, byte
 * for byte, with the read models as stored: a rebuild must give exactly what
 * incremental processing built. Each read model is compared as of its own
 * checkpoint, so one still catching up is not reported as different.
 */
export async function verifyReadModels(
  store: EventStore,
  readStore: ReadStore,
  projections: readonly Projection[],
): Promise<Difference[]> {
  const events = await readEverything(store);
  const differences: Difference[] = [];

  for (const projection of projections) {
    const checkpoint = await readStore.checkpoint(projection.name);
    const applied = events.filter((event) => !isAfter(event, checkpoint));
    const expected = new Map(
      [...foldProjection(projection, applied)].map(([key, doc]) => [key, JSON.stringify(doc)]),
    );
    const stored = new Map(await readStore.dump(projection.name));
    stored.delete(versionKey);

    for (const [key, json] of expected) {
      const actual = stored.get(key);
      if (actual === undefined)
        differences.push({ projection: projection.name, key, problem: 'missing' });
      else if (actual !== json)
        differences.push({ projection: projection.name, key, problem: 'different' });
    }
    for (const key of stored.keys()) {
      if (!expected.has(key))
        differences.push({ projection: projection.name, key, problem: 'unexpected' });
    }
  }

  return differences;
}

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const page of pagesOf(store, 5000)) events.push(...page);
  return events;
}
