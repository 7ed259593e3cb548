import type { StoredEvent } from '../../src/event-store/port.ts';

/** A read-model document: plain JSON, so a rebuild can be compared byte for byte. */
export type Doc = Record<string, unknown>;

/** The documents a projection changes for one event; null deletes a document. */
export type Writes<D extends Doc = Doc> = Map<string, D | null>;

/**
 * A read model as a pure function of events. For each event the projection
 * names the documents it needs (`keysOf`), receives them as they stand, and
 * returns the ones it changes. The engine does the loading, batching and
 * storing, and moves the checkpoint in the same transaction as the documents.
 */
export interface Projection<D extends Doc = Doc> {
  readonly name: string;
  /**
   * Raised whenever the documents the projection keeps change shape (1 when
   * absent): the projector then forgets the old ones and builds them again
   * from the log, so an upgraded service never reads documents it no longer
   * understands.
   */
  readonly version?: number;
  keysOf(event: StoredEvent): string[];
  apply(event: StoredEvent, docs: ReadonlyMap<string, D | undefined>): Writes<D>;
}

/** Where each projection keeps the version its documents were built by; not a read model itself. */
export const versionKey = '@version';

/** Runs a projection over events in memory: for tests and for proving rebuilds equal. */
export function foldProjection<D extends Doc>(
  projection: Projection<D>,
  events: readonly StoredEvent[],
): Map<string, D> {
  const docs = new Map<string, D>();

  for (const event of events) {
    const wanted = new Map(projection.keysOf(event).map((key) => [key, docs.get(key)] as const));
    for (const [key, doc] of projection.apply(event, wanted)) {
      if (doc === null) docs.delete(key);
      else docs.set(key, doc);
    }
  }

  return docs;
}
