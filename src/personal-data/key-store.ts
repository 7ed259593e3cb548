/** A person's data key as stored: wrapped by the master key, or gone once the person is erased. */
export interface StoredPersonKey {
  readonly tenant: string;
  readonly personId: string;
  /** Null once erased: the key is destroyed and cannot be had back. */
  readonly wrappedKey: string | null;
  readonly createdAt: string;
  readonly erasedAt: string | null;
}

/**
 * The per-person data keys, each wrapped by the master key. One row per
 * person; erasing overwrites the wrapped key with null, so no copy of it
 * stays in the table.
 */
export interface PersonKeyStore {
  /** The stored keys of these people (absent when they have none yet). */
  find(tenant: string, personIds: readonly string[]): Promise<Map<string, StoredPersonKey>>;
  /**
   * Stores a person's first key unless they have one already, and returns
   * whichever is stored: of two instances sealing for a new person at once,
   * both end up with the same key.
   */
  createIfAbsent(
    tenant: string,
    personId: string,
    wrappedKey: string,
    now: Date,
  ): Promise<StoredPersonKey>;
  /** Destroys the person's key (creating an erased row when they had none). */
  erase(tenant: string, personId: string, now: Date): Promise<void>;
  /** Any one key not yet erased, to check the master key against; undefined when there is none. */
  anyKey(): Promise<StoredPersonKey | undefined>;
  /** Every row, for moving to another store. */
  all(): Promise<StoredPersonKey[]>;
  /** Stores rows taken from another store, leaving any it has; returns how many it added. */
  restore(rows: readonly StoredPersonKey[]): Promise<number>;
}
