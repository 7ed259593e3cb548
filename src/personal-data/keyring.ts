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
 * A person's key as this process last read it, with the texts it sealed or
 * opened with that key since: a write answered with what it just sealed, or a
 * log read again for the next entry, is not decrypted again. The texts go
 * when the key does, so they live no longer than the key and never past an
 * erasure.
 */
interface CachedKey {
  readonly key: Buffer | null;
  readonly until: number;
  readonly opened: Map<string, string>;
}

/** Enough for the busiest person's texts of one cache period; the rest are decrypted. */
const openedPerKey = 1000;

/**
 * Seals free text with the key of the person it is about, and opens it again
 * for readers. Keys are cached for at most `cacheMs`, so an erasure made
 * through another instance reaches this one within that time.
 */
export class Keyring {
  readonly #store: PersonKeyStore;
  readonly #masterKey: Buffer;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, CachedKey>();

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
    let cached = (await this.#keys(tenant, [personId])).get(personId);
    if (cached === undefined) {
      const fresh = newDataKey();
      const stored = await this.#store.createIfAbsent(
        tenant,
        personId,
        encrypt(this.#masterKey, fresh, wrapping(tenant, personId)),
        now,
      );
      cached = this.#remember(tenant, personId, this.#unwrap(tenant, personId, stored.wrappedKey));
    }
    const { key, opened } = cached;
    if (key === null) throw new PersonErasedError();

    const associated = sealing(tenant, personId);
    return (text) => {
      const sealed = `${marker}${personId}:${encrypt(key, Buffer.from(text, 'utf8'), associated)}`;
      keep(opened, sealed, text);
      return sealed;
    };
  }

  /** The value with every sealed text in it opened, or replaced by the placeholder when erased. */
  async open<T>(tenant: string, value: T): Promise<T> {
    const people = new Set<string>();
    forEachString(value, (text) => {
      const personId = sealedFor(text);
      if (personId !== undefined) people.add(personId);
    });
    if (people.size === 0) return value;

    const keys = await this.#keys(tenant, [...people]);
    return visitStrings(value, (text) => {
      const personId = sealedFor(text);
      if (personId === undefined) return text;
      const cached = keys.get(personId);
      if (cached === undefined || cached.key === null) return erasedText;

      let opened = cached.opened.get(text);
      if (opened === undefined) {
        const message = text.slice(marker.length + personId.length + 1);
        opened =
          decrypt(cached.key, message, sealing(tenant, personId))?.toString('utf8') ?? erasedText;
        keep(cached.opened, text, opened);
      }
      return opened;
    });
  }

  /** Destroys the person's key: everything sealed with it reads as the placeholder from now on. */
  async erase(tenant: string, personId: string, now: Date): Promise<void> {
    await this.#store.erase(tenant, personId, now);
    // A fresh entry: the texts opened with the key go with it.
    this.#remember(tenant, personId, null);
  }

  /** Each person's cached key (null when erased), read again once stale; absent when they have none yet. */
  async #keys(tenant: string, personIds: readonly string[]): Promise<Map<string, CachedKey>> {
    const now = Date.now();
    const keys = new Map<string, CachedKey>();
    const missing: string[] = [];
    for (const personId of personIds) {
      const cached = this.#cache.get(`${tenant}/${personId}`);
      if (cached !== undefined && cached.until > now) keys.set(personId, cached);
      else missing.push(personId);
    }

    for (const [personId, stored] of await this.#store.find(tenant, missing)) {
      const key = this.#unwrap(tenant, personId, stored.wrappedKey);
      keys.set(personId, this.#remember(tenant, personId, key));
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

  #remember(tenant: string, personId: string, key: Buffer | null): CachedKey {
    // A bound on memory: forgetting everything now and then costs only a few lookups.
    if (this.#cache.size >= 10_000) this.#cache.clear();
    const cached = { key, until: Date.now() + this.#cacheMs, opened: new Map<string, string>() };
    this.#cache.set(`${tenant}/${personId}`, cached);
    return cached;
  }
}

/** The person a sealed text was sealed for, or undefined for any other text. */
function sealedFor(text: string): string | undefined {
  if (!text.startsWith(marker)) return undefined;
  return sealedPattern.exec(text)?.[1];
}

function keep(opened: Map<string, string>, sealed: string, text: string): void {
  if (opened.size >= openedPerKey) opened.clear();
  opened.set(sealed, text);
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
