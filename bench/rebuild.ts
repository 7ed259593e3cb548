import { pagesOf } from '../src/event-store/read-log.ts';
import type { Runtime } from '../src/runtime.ts';

export interface RebuildFigures {
  readonly events: number;
  /** Reading every event through the port's readAll, page by page, doing nothing with them. */
  readonly readMs: number;
  /** Forgetting every read model and applying every event to them again, as `cli rebuild` does. */
  readonly rebuildMs: number;
}

/** The subscriptions of both adapters read this many events at a time. */
const pageSize = 500;

/**
 * Times a raw read of the whole log, then a rebuild of every projection from
 * it, on a runtime that keeps no read models of its own meanwhile. The read
 * comes first and also warms the caches the rebuild then reads through.
 */
export async function measureRebuild(runtime: Runtime): Promise<RebuildFigures> {
  let started = performance.now();
  let events = 0;
  for await (const page of pagesOf(runtime.store, pageSize)) events += page.length;
  const readMs = performance.now() - started;

  started = performance.now();
  await runtime.projector.rebuild();
  const rebuildMs = performance.now() - started;
  await runtime.projector.stop();
  return { events, readMs, rebuildMs };
}
