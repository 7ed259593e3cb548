import { hkdfSync } from 'node:crypto';
import { decrypt, encrypt, keyBytes, newDataKey } from './cipher.ts';
import type { PersonKeyStore } from './key-store.ts';

/** What every reader sees in place of an erased person's data. */
export const erasedText = '[erased]';

/*
 * A sealed text is the marker, the person's id and the message. The marker
 * begins with a control character, which no text a client sends may hold, so
 * no one can write a string that passes for sealed.
 */
const marker = '\u0001sealed:v1:';
const sealedPattern = /^\u0001sealed:v1:([0-9a-f-]{36}):([A-Za-z0-9_-]+)$/;

/** Seals and opens whole records; `open` gives undefined for a record that does not open. */
export interface RecordCipher {
  seal(text: string, associated: string): string;
  /** Text kept before records were sealed comes back as it is. */
  open(stored: string, associated: string): string | undefined;
}

const recordMarker = 'sealed-record:v1:';

export class PersonErasedError extends Error {
  constructor() {
    super('The person was erased: nothing more can be recorded about them.');
    this.name = 'PersonErasedError';
  }
}

export class WrongMasterKeyError extends Error {
  constructor() {
    super(
      "The master key does not open this store's data keys: serve it with the key it was written with (LEARNING_LOG_MASTER_KEY, or the master.key file it came with).",
    );
    this.name = 'WrongMasterKeyError';
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(marker);
}

/**
 * Seals free text with the key of the person it is about, and opens it again
 * for readers. Keys are cached for at most `cacheMs`, so an erasure made
 * through another instance reaches this one within that time.
 */
export class Keyring {
  readonly #store: PersonKeyStore;
  readonly #masterKey: Buffer;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, { key: Buffer | null; until: number }>();

  constructor(store: PersonKeyStore, masterKey: Buffer, options: { cacheMs?: number } = {}) {
    if (masterKey.length !== keyBytes) throw new Error(`The master key must be ${keyBytes} bytes.`);
    this.#store = store;
    this.#masterKey = masterKey;
    this.#cacheMs = options.cacheMs ?? 1000;
  }

  /**
   * Refuses a master key that does not open the keys already stored: a store
   * served with the wrong one would answer every read of personal data with an
   * error, so it is better not to start.
   */
  async checkMasterKey(): Promise<void> {
    const stored = await this.#store.anyKey();
    if (stored === undefined) return;
    if (decrypt(this.#masterKey, stored.wrappedKey!, wrapping(stored.tenant, stored.personId)))
      return;
    throw new WrongMasterKeyError();
  }

  /**
   * Encryption for what the service keeps for a while besides events, such as
   * answers held for idempotent replays: under a key derived from the master
   * key for that purpose, bound to `associated`.
   */
  cipherFor(purpose: string): RecordCipher {
    const key = Buffer.from(
      hkdfSync('sha256', this.#masterKey, Buffer.alloc(0), purpose, keyBytes),
    );
    return {
      seal: (text, associated) =>
        `${recordMarker}${encrypt(key, Buffer.from(text, 'utf8'), associated)}`,
      open: (stored, associated) => {
        if (!stored.startsWith(recordMarker)) return stored;
        return decrypt(key, stored.slice(recordMarker.length), associated)?.toString('utf8');
      },
    };
  }

  /** A function that seals text for this person, making their key on first use. */
  async sealerFor(tenant: string, personId: string, now: Date): Promise<(text: string) => string> {
    let key = (await this.#keys(tenant, [personId])).get(personId);
    if (key === undefined) {
      const fresh = newDataKey();
      const stored = await this.#store.createIfAbsent(
        tenant,
        personId,
        encrypt(this.#masterKey, fresh, wrapping(tenant, personId)),
        now,
      );
      key = this.#unwrap(tenant, personId, stored.wrappedKey);
      this.#remember(tenant, personId, key);
    }
    if (key === null) throw new PersonErasedError();

    const dataKey = key;
    const associated = sealing(tenant, personId);
    return (text) =>
      `${marker}${personId}:${encrypt(dataKey, Buffer.from(text, 'utf8'), associated)}`;
  }

  /** The value with every sealed text in it opened, or replaced by the placeholder when erased. */
  async open<T>(tenant: string, value: T): Promise<T> {
    const people = new Set<string>();
    forEachString(value, (text) => {
      const match = sealedPattern.exec(text);
      if (match !== null) people.add(match[1]!);
    });
    if (people.size === 0) return value;

    const keys = await this.#keys(tenant, [...people]);
    // A document often holds one sealed text twice (an entry's content and its original).
    const openedBefore = new Map<string, string>();
    return visitStrings(value, (text) => {
      const match = sealedPattern.exec(text);
      if (match === null) return text;
      let opened = openedBefore.get(text);
      if (opened === undefined) {
        const key = keys.get(match[1]!);
        const plain =
          key === undefined || key === null
            ? undefined
            : decrypt(key, match[2]!, sealing(tenant, match[1]!));
        opened = plain === undefined ? erasedText : plain.toString('utf8');
        openedBefore.set(text, opened);
      }
      return opened;
    });
  }

  /** Destroys the person's key: everything sealed with it reads as the placeholder from now on. */
  async erase(tenant: string, personId: string, now: Date): Promise<void> {
    await this.#store.erase(tenant, personId, now);
    this.#remember(tenant, personId, null);
  }

  /** Keys by person: a Buffer, null when erased, absent when they have none yet. */
  async #keys(tenant: string, personIds: readonly string[]): Promise<Map<string, Buffer | null>> {
    const now = Date.now();
    const keys = new Map<string, Buffer | null>();
    const missing: string[] = [];
    for (const personId of personIds) {
      const cached = this.#cache.get(`${tenant}/${personId}`);
      if (cached !== undefined && cached.until > now) keys.set(personId, cached.key);
      else missing.push(personId);
    }

    for (const [personId, stored] of await this.#store.find(tenant, missing)) {
      const key = this.#unwrap(tenant, personId, stored.wrappedKey);
      this.#remember(tenant, personId, key);
      keys.set(personId, key);
    }
    return keys;
  }

  #unwrap(tenant: string, personId: string, wrapped: string | null): Buffer | null {
    if (wrapped === null) return null;
    const key = decrypt(this.#masterKey, wrapped, wrapping(tenant, personId));
    if (key === undefined) {
      throw new Error(
        'A data key does not open with the configured master key: is it the right one?',
      );
    }
    return key;
  }

  #remember(tenant: string, personId: string, key: Buffer | null): void {
    // A bound on memory: forgetting everything now and then costs only a few lookups.
    if (this.#cache.size >= 10_000) this.#cache.clear();
    this.#cache.set(`${tenant}/${personId}`, { key, until: Date.now() + this.#cacheMs });
  }
}

const wrapping = (tenant: string, personId: string) => `key/${tenant}/${personId}`;
const sealing = (tenant: string, personId: string) => `text/${tenant}/${personId}`;

/** A copy of `value` with every string passed through `change`; plain data only. */
export function visitStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) return value.map((item) => visitStrings(item, change)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, visitStrings(item, change)]),
    ) as T;
  }
  return value;
}

function forEachString(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) forEachString(item, visit);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const item of Object.values(value)) forEachString(item, visit);
  }
}
