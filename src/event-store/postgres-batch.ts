import type { PostgresDatabase } from '../postgres/database.ts';
import { checkUnchanged, revisionMatches, WrongExpectedRevisionError } from './errors.ts';
import type { Outcome, PendingAppend } from './pending-append.ts';
import type { NewEvent } from './port.ts';

/** Wakes subscribers in every instance when events commit. */
export const eventsChannel = 'learning_log_events';

const fieldsPerEvent = 12;
/** Rows per INSERT: well under PostgreSQL's 65,535 parameters per statement. */
export const rowsPerInsert = 1000;

/** An append whose checks passed, and the revision its first event takes. */
interface Accepted {
  readonly append: PendingAppend;
  readonly index: number;
  readonly firstRevision: number;
}

/** What became of one append of a batch: as for any append, or its streams were busy. */
export type BatchOutcome = Outcome | { busy: true };

/**
 * Stores a batch of appends in the transaction the caller runs it in: one
 * lock statement, one read of the revisions, one insert, one notification,
 * however many appends. Each append is checked as if the ones before it in
 * the batch had committed just before it, and one that fails its checks is
 * refused alone: its events are left out and the others go on.
 *
 * Writers to one stream queue on its lock, so the revisions read here are
 * still the last ones when the batch inserts. A batch does not wait for a lock
 * another transaction holds (`wait: false`): the appends that need it come
 * back `busy`, to be stored alone, so one busy stream never holds up the rest.
 * Appended alone (`wait: true`), an append waits for its locks, taken in name
 * order, so two such appends cannot wait for each other in a circle.
 */
export async function appendBatch(
  db: PostgresDatabase,
  batch: readonly PendingAppend[],
  { wait }: { wait: boolean },
): Promise<BatchOutcome[]> {
  const streamsOf = ({ stream, options }: PendingAppend) => [
    stream,
    ...(options.unchanged ?? []).map((other) => other.stream),
  ];
  // unnest keeps the array's order, so the locks are taken in name order.
  const streams = [...new Set(batch.flatMap(streamsOf))].sort();
  const busy = new Set<string>();
  if (wait) {
    await db.query(
      'SELECT pg_advisory_xact_lock(hashtextextended(name, 0)) FROM unnest($1::text[]) AS name',
      [streams],
    );
  } else {
    const taken = await db.query<{ name: string }>(
      `SELECT name FROM unnest($1::text[]) AS name
        WHERE NOT pg_try_advisory_xact_lock(hashtextextended(name, 0))`,
      [streams],
    );
    for (const { name } of taken) busy.add(name);
  }

  const revisions = await lastRevisions(db, streams);
  const revisionOf = (stream: string): number => revisions.get(stream) ?? -1;

  const outcomes: BatchOutcome[] = [];
  const accepted: Accepted[] = [];
  for (const [index, append] of batch.entries()) {
    if (streamsOf(append).some((name) => busy.has(name))) {
      outcomes[index] = { busy: true };
      continue;
    }
    const { stream, events, options } = append;
    const actual = revisionOf(stream);
    try {
      if (!revisionMatches(options.expectedRevision, actual)) {
        throw new WrongExpectedRevisionError(stream, options.expectedRevision, actual);
      }
      checkUnchanged(options.unchanged ?? [], revisionOf);
    } catch (error) {
      outcomes[index] = { error };
      continue;
    }
    accepted.push({ append, index, firstRevision: actual + 1 });
    revisions.set(stream, actual + events.length);
  }
  if (accepted.length === 0) return outcomes;

  const rows = accepted.flatMap(({ append, firstRevision }) =>
    append.events.map((event, i) => ({
      event,
      stream: append.stream,
      revision: firstRevision + i,
    })),
  );
  const stored = new Map<string, { position: number; commit: number }>();
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const slice = rows.slice(start, start + rowsPerInsert);
    const inserted = await db.query<{ id: string; position: string; commit_id: string }>(
      insertStatement(slice.length, 'id, position, transaction_id::text AS commit_id'),
      slice.flatMap(({ event, stream, revision }) => valuesOf(event, stream, revision)),
    );
    for (const row of inserted) {
      stored.set(row.id, { position: Number(row.position), commit: Number(row.commit_id) });
    }
  }
  await db.query('SELECT pg_notify($1, NULL)', [eventsChannel]);

  for (const { append, index, firstRevision } of accepted) {
    const places = append.events.map((event) => stored.get(event.id)!);
    outcomes[index] = {
      result: {
        revision: firstRevision + append.events.length - 1,
        position: Math.max(...places.map((place) => place.position)),
        commit: places[0]!.commit,
      },
    };
  }
  return outcomes;
}

async function lastRevisions(
  db: PostgresDatabase,
  streams: readonly string[],
): Promise<Map<string, number>> {
  const rows = await db.query<{ stream: string; revision: number }>(
    'SELECT stream, MAX(revision) AS revision FROM events WHERE stream = ANY($1) GROUP BY stream',
    [streams],
  );
  return new Map(rows.map((row) => [row.stream, row.revision]));
}

/** The insert of `count` events, returning `returning` of each. */
export function insertStatement(
  count: number,
  returning = 'position, transaction_id::text AS commit_id',
): string {
  const rows = Array.from({ length: count }, (_, row) => {
    const base = row * fieldsPerEvent;
    const placeholders = Array.from(
      { length: fieldsPerEvent },
      (_, field) => `$${base + field + 1}`,
    );
    return `(${placeholders.join(', ')})`;
  });
  return `INSERT INTO events (id, stream, revision, type, schema_version, occurred_at, recorded_at,
                              actor, tenant, correlation_id, causation_id, data)
          VALUES ${rows.join(', ')}
          RETURNING ${returning}`;
}

/** The parameters of one event in `insertStatement`. */
export function valuesOf(event: NewEvent, stream: string, revision: number): unknown[] {
  return [
    event.id,
    stream,
    revision,
    event.type,
    event.schemaVersion,
    event.occurredAt,
    event.recordedAt,
    JSON.stringify(event.actor),
    event.tenant,
    event.correlationId,
    event.causationId,
    JSON.stringify(event.data),
  ];
}
