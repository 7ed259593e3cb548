import type { Doc } from './projection.ts';

/**
 * Where read models live: documents by projection and key, and each
 * projection's checkpoint. `commit` stores a batch of documents together with
 * the new checkpoint atomically, so an event is applied exactly once even
 * across a crash.
 */
export interface ReadStore {
  get<D extends Doc>(projection: string, key: string): Promise<D | undefined>;
  getMany<D extends Doc>(projection: string, keys: readonly string[]): Promise<Map<string, D>>;
  checkpoint(projection: string): Promise<number>;
  commit(
    projection: string,
    writes: ReadonlyMap<string, Doc | null>,
    checkpoint: number,
  ): Promise<void>;
  /** Forgets a projection's documents and checkpoint, before a rebuild. */
  reset(projection: string): Promise<void>;
  /** Every document of a projection, by key in order, as stored. */
  dump(projection: string): Promise<Array<[string, string]>>;
}
