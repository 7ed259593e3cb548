import type { ListedRead, ReadFilter, RecordRead } from './port.ts';

/** The columns of a stored read, in the order both stores insert them. */
export const readColumns =
  'tenant, read_at, actor_id, actor_role, via, operation, path, subject_kind, subject_id, request_id';

export interface ReadRow {
  sequence: number | string;
  tenant: string;
  read_at: string | Date;
  actor_id: string;
  actor_role: string;
  via: string;
  operation: string;
  path: string;
  subject_kind: string | null;
  subject_id: string | null;
  request_id: string;
}

export function valuesOfRead(read: RecordRead): unknown[] {
  return [
    read.tenant,
    read.readAt,
    read.actor.id,
    read.actor.role,
    read.actor.via,
    read.operation,
    read.path,
    read.subject?.kind ?? null,
    read.subject?.id ?? null,
    read.requestId,
  ];
}

export function readOfRow(row: ReadRow): ListedRead {
  return {
    sequence: Number(row.sequence),
    tenant: row.tenant,
    readAt: row.read_at instanceof Date ? row.read_at.toISOString() : row.read_at,
    actor: { id: row.actor_id, role: row.actor_role as ListedRead['actor']['role'], via: row.via },
    operation: row.operation,
    path: row.path,
    subject:
      row.subject_kind === null
        ? null
        : { kind: row.subject_kind as 'person' | 'team', id: row.subject_id! },
    requestId: row.request_id,
  };
}

/**
 * The WHERE clause and its values for a filter; `placeholder(n)` writes the
 * store's n-th parameter (`?` or `$n`).
 */
export function whereOf(
  tenant: string,
  filter: ReadFilter,
  placeholder: (n: number) => string,
): { where: string; values: unknown[] } {
  const conditions: Array<[string, unknown]> = [
    ['tenant =', tenant],
    ['subject_id =', filter.subjectId],
    ['actor_id =', filter.actorId],
    ['read_at >=', filter.from],
    ['read_at <', filter.to],
    ['sequence >', filter.after],
  ];
  const given = conditions.filter(([, value]) => value !== undefined);
  return {
    where: given.map(([test], i) => `${test} ${placeholder(i + 1)}`).join(' AND '),
    values: given.map(([, value]) => value),
  };
}
