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
 * How long `projector.rebuild()` waits for the read models, after which it
 * gives up: `cli rebuild` stops with ProjectionTimeoutError on a store that
 * takes longer (a million events on PostgreSQL here).
 */
export const rebuildGivesUpAfterMs = 10 * 60_000;

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
  await rebuildEveryProjection(runtime);
  const rebuildMs = performance.now() - started;
  await runtime.projector.stop();
  return { events, readMs, rebuildMs };
}

/**
 * The steps of `projector.rebuild()` through the projector's public methods,
 * but waiting as long as it takes, so that the figure exists where the
 * command would give up.
 */
export async function rebuildEveryProjection(runtime: Runtime): Promise<void> {
  const { projector, readStore, store } = runtime;
  await projector.stop();
  for (const name of projector.names) await readStore.reset(name);
  await projector.start();
  await projector.waitFor(await store.head(), 24 * 60 * 60_000);
}
