import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../event-store/port.ts';

export type Role = Actor['role'];

/** Who a key or token speaks for. */
export interface Principal {
  readonly actor: Actor;
  readonly tenant: string;
  /**
   * Whose Idempotency-Keys the request shares; absent: the key's own (`actor.via`). A person
   * signed in through the identity provider keeps theirs across renewed tokens.
   */
  readonly idempotencyScope?: string;
}

export interface NewKey {
  readonly role: Role;
  readonly tenant: string;
  /** An employee's person id, or a system name for an integrating system. */
  readonly actorId: string;
  readonly actorKind: Actor['kind'];
  readonly label: string;
  /** After this instant the key is refused; null: it does not expire. */
  readonly expiresAt?: string | null;
}

export interface CreatedKey {
  /** The whole key: shown once, never stored. */
  readonly token: string;
  readonly prefix: string;
}

/** A key as stored: its hash, never the key itself. */
export interface KeyRecord extends NewKey {
  readonly prefix: string;
  readonly hash: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  /** When the key was last presented, to within a minute. */
  readonly lastUsedAt: string | null;
}

/**
 * API keys, kept only as a SHA-256 hash beside a short public prefix that
 * names the key in logs and on events. A key is `ll_<prefix>_<secret>`.
 */
export interface ApiKeyStore {
  count(): Promise<number>;
  create(key: NewKey, now: Date): Promise<CreatedKey>;
  /** Creates the key only on a store that has none: of two instances starting at once, one creates it. */
  createFirst(key: NewKey, now: Date): Promise<CreatedKey | undefined>;
  /**
   * The principal a presented key stands for, or undefined for a key that is
   * unknown, revoked or expired at `now`. Notes when the key was used.
   */
  verify(token: string, now: Date): Promise<Principal | undefined>;
  /** The keys of one organisation, newest first (hashes only). */
  list(tenant: string): Promise<KeyRecord[]>;
  /** Revokes a key of the organisation by its prefix; false when it has none by that prefix. */
  revoke(tenant: string, prefix: string, now: Date): Promise<boolean>;
  /** Every key as stored (hashes only), for moving them to another store. */
  all(): Promise<KeyRecord[]>;
  /** Stores keys taken from another store, leaving any it already has; returns how many it added. */
  restore(records: readonly KeyRecord[]): Promise<number>;
}

/** The columns of a stored key, in the order both stores insert them. */
export const recordColumns =
  'prefix, hash, role, tenant, actor_id, actor_kind, label, created_at, expires_at, revoked_at, last_used_at';

/** A key's last use is noted at most this often, so that a busy key is not a write per request. */
export const lastUsedResolutionMs = 60_000;

export function valuesOfRecord(record: KeyRecord): unknown[] {
  return [
    record.prefix,
    record.hash,
    record.role,
    record.tenant,
    record.actorId,
    record.actorKind,
    record.label,
    record.createdAt,
    record.expiresAt,
    record.revokedAt,
    record.lastUsedAt,
  ];
}

type Instant = string | Date | null;

/** A key as either store returns it. */
export type RecordRow = KeyRow & {
  hash: string;
  label: string;
  created_at: string | Date;
  expires_at: Instant;
  revoked_at: Instant;
  last_used_at: Instant;
};

export function recordOfRow(row: RecordRow): KeyRecord {
  const instant = (value: Instant) => (value === null ? null : new Date(value).toISOString());
  return {
    prefix: row.prefix,
    hash: row.hash,
    role: row.role,
    tenant: row.tenant,
    actorId: row.actor_id,
    actorKind: row.actor_kind,
    label: row.label,
    createdAt: instant(row.created_at)!,
    expiresAt: instant(row.expires_at),
    revokedAt: instant(row.revoked_at),
    lastUsedAt: instant(row.last_used_at),
  };
}

/** A fresh key and the record that stores it. */
export function newKey(key: NewKey, now: Date): { created: CreatedKey; record: KeyRecord } {
  const prefix = randomBytes(6).toString('hex');
  const token = `ll_${prefix}_${randomBytes(24).toString('hex')}`;
  return {
    created: { token, prefix },
    record: {
      ...key,
      prefix,
      hash: hashOf(token),
      createdAt: now.toISOString(),
      // Always in toISOString form: the embedded store compares instants as text.
      expiresAt: key.expiresAt == null ? null : new Date(key.expiresAt).toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    },
  };
}

/** The columns a key is verified by, as both stores name them. */
export interface KeyRow {
  prefix: string;
  role: Role;
  tenant: string;
  actor_id: string;
  actor_kind: Actor['kind'];
}

export const keyColumns = 'prefix, role, tenant, actor_id, actor_kind';

export function principalOf(row: KeyRow): Principal {
  const actor: Actor = {
    id: row.actor_id,
    kind: row.actor_kind,
    role: row.role,
    via: `key:${row.prefix}`,
  };
  return { actor, tenant: row.tenant };
}

// Keys carry 192 random bits, so a fast hash is enough; a slow one would only slow every request.
export function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
