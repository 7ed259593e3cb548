import { createHash } from 'node:crypto';
import { compareCursors, type LogCursor } from './log-cursor.ts';
import type { EventStore, StoredEvent } from './port.ts';
import { pagesOf } from './read-log.ts';

export interface LogSummary {
  readonly count: number;
  /** SHA-256 over every event's envelope and data, in log order, positions left out. */
  readonly digest: string;
}

export class TargetNotEmptyError extends Error {
  constructor() {
    super('the target store already holds events; copy only into an empty store');
    this.name = 'TargetNotEmptyError';
  }
}

export class CopyMismatchError extends Error {
  constructor(
    readonly source: LogSummary,
    readonly target: LogSummary,
  ) {
    super(
      `the copy does not match its source: ${target.count} events (digest ${target.digest}) ` +
        `against ${source.count} (digest ${source.digest})`,
    );
    this.name = 'CopyMismatchError';
  }
}

const pageSize = 2000;

/**
 * How long to wait for copied events to become readable. On PostgreSQL they
 * are, once every write transaction older than the copy has ended, anywhere
 * on the server.
 */
const settleTimeoutMs = 120_000;

/**
 * Copies the whole log of `source` into the empty `target`, keeping event
 * ids, order, streams, revisions and envelopes; the target numbers positions
 * its own way. Events appended to the source meanwhile are left out: the copy
 * stops at the head it found when it began. Then it reads both logs again and
 * compares count and digest, throwing CopyMismatchError if they differ.
 */
export async function copyLog(source: EventStore, target: EventStore): Promise<LogSummary> {
  if ((await target.headPosition()) !== 0) throw new TargetNotEmptyError();
  const head = await source.head();

  for await (const page of pagesOf(source, pageSize)) {
    const wanted = page.filter((event) => compareCursors(event, head) <= 0);
    if (wanted.length > 0) await target.importEvents(wanted);
    if (wanted.length < page.length) break;
  }

  const copied = await summarise(source, head);
  const landed = await settled(target, copied.count);
  if (copied.count !== landed.count || copied.digest !== landed.digest) {
    throw new CopyMismatchError(copied, landed);
  }
  return landed;
}

/** The target's summary once it shows at least `count` events, or as it stands at the deadline. */
async function settled(target: EventStore, count: number): Promise<LogSummary> {
  const deadline = Date.now() + settleTimeoutMs;
  for (;;) {
    const summary = await summarise(target);
    if (summary.count >= count || Date.now() > deadline) return summary;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Count and digest of a store's log, up to `upTo` when given. */
export async function summarise(store: EventStore, upTo?: LogCursor): Promise<LogSummary> {
  const hash = createHash('sha256');
  let count = 0;

  for await (const page of pagesOf(store, pageSize)) {
    for (const event of page) {
      if (upTo !== undefined && compareCursors(event, upTo) > 0) return finish();
      hash.update(canonical(withoutPlace(event)));
      hash.update('\n');
      count += 1;
    }
  }
  return finish();

  function finish(): LogSummary {
    return { count, digest: hash.digest('hex') };
  }
}

/** What a copy must keep: everything but where the store placed the event. */
function withoutPlace({ position: _, commit: __, ...event }: StoredEvent): object {
  return event;
}

/** JSON with object keys sorted, so two stores that keep key order differently digest alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
