import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../event-store/port.ts';

export type Role = Actor['role'];

/** Who a key speaks for. */
export interface Principal {
  readonly actor: Actor;
  readonly tenant: string;
}

export interface NewKey {
  readonly role: Role;
  readonly tenant: string;
  /** An employee's person id, or a system name for an integrating system. */
  readonly actorId: string;
  readonly actorKind: Actor['kind'];
  readonly label: string;
}

export interface CreatedKey {
  /** The whole key: shown once, never stored. */
  readonly token: string;
  readonly prefix: string;
}

const schema = `
  CREATE TABLE IF NOT EXISTS api_keys (
    prefix     TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    tenant     TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
`;

interface KeyRow {
  prefix: string;
  role: Role;
  tenant: string;
  actor_id: string;
  actor_kind: Actor['kind'];
}

/**
 * API keys, kept only as a SHA-256 hash beside a short public prefix that
 * names the key in logs and on events. A key is `ll_<prefix>_<secret>`.
 */
export class ApiKeys {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
  }

  count(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM api_keys').get()!.n;
  }

  create(key: NewKey, now: Date): CreatedKey {
    const prefix = randomBytes(6).toString('hex');
    const token = `ll_${prefix}_${randomBytes(24).toString('hex')}`;
    this.#db
      .prepare(
        `INSERT INTO api_keys (prefix, hash, role, tenant, actor_id, actor_kind, label, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        prefix,
        hashOf(token),
        key.role,
        key.tenant,
        key.actorId,
        key.actorKind,
        key.label,
        now.toISOString(),
      );
    return { token, prefix };
  }

  /** The principal a presented key stands for, or undefined for an unknown key. */
  verify(token: string): Principal | undefined {
    const row = this.#db
      .prepare<[string], KeyRow>(
        'SELECT prefix, role, tenant, actor_id, actor_kind FROM api_keys WHERE hash = ?',
      )
      .get(hashOf(token));
    if (row === undefined) return undefined;

    const actor: Actor = {
      id: row.actor_id,
      kind: row.actor_kind,
      role: row.role,
      via: `key:${row.prefix}`,
    };
    return { actor, tenant: row.tenant };
  }
}

// Keys carry 192 random bits, so a fast hash is enough; a slow one would only slow every request.
function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
