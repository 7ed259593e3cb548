import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { durableAppendApp, listen, recordingApp, trivialApp } from './apps.ts';
import { loadPlan, type PlanFigures, type RequestKind, type RequestPlan } from './load.ts';
import { seed, type Seeded } from './seed.ts';
import { measureServer, timeAnswers, type ServerUsage } from './server-usage.ts';
import type { BenchStore } from './stores.ts';

export type HttpMeasure = 'record' | 'read' | 'mixed';

export interface LoadShape {
  readonly connections: number;
  readonly seconds: number;
  readonly warmup: number;
}

/** One measure: the service and its baseline under the same requests. */
export interface HttpResult {
  readonly measure: HttpMeasure;
  readonly service: PlanFigures;
  readonly baseline: PlanFigures;
  readonly serviceUsage: ServerUsage;
  readonly baselineUsage: ServerUsage;
  /** Events the service's store gained during the measured run: one per entry recorded. */
  readonly appended: number;
  /** For recording on SQLite: the durable-append app (apps.ts) under the same requests. */
  readonly durableAppend?: { readonly figures: PlanFigures; readonly usage: ServerUsage };
}

/** Writes and reads spread over this many supported people, one log and one profile each. */
export const supportedPeople = 50;
const authors = 5;

const cycles: Record<HttpMeasure, readonly RequestKind[]> = {
  record: ['write'],
  read: ['read'],
  mixed: ['read', 'read', 'read', 'read', 'write'],
};

/**
 * Runs each measure against the service as it runs (every read recorded,
 * every write waiting for the read models) over `store`, and against the
 * trivial app answering the same paths, one after the other in this process.
 */
export async function measureHttp(
  store: BenchStore,
  measures: readonly HttpMeasure[],
  shape: LoadShape,
  log: Logger,
): Promise<HttpResult[]> {
  const service = await timed(await recordingApp(store.runtime, store.runtime.readAudit, log));
  const baseline = await timed(await trivialApp());
  const durable =
    store.runtime.storage.kind === 'sqlite' ? await timed(await durableAppendApp()) : undefined;
  try {
    const seeded = await seed(service.url, store.runtime, { supported: supportedPeople, authors });
    const results: HttpResult[] = [];
    for (const measure of measures) {
      const plan = planFor(seeded, cycles[measure]);
      const onBaseline = await measureOne(baseline, plan, shape, async () => 0);
      const onService = await measureOne(service, plan, shape, () =>
        store.runtime.store.headPosition(),
      );
      const onDurable =
        measure === 'record' && durable !== undefined
          ? await measureOne(durable, plan, shape, async () => 0)
          : undefined;
      results.push({
        measure,
        service: onService.figures,
        baseline: onBaseline.figures,
        serviceUsage: onService.usage,
        baselineUsage: onBaseline.usage,
        appended: onService.appended,
        ...(onDurable === undefined
          ? {}
          : { durableAppend: { figures: onDurable.figures, usage: onDurable.usage } }),
      });
    }
    return results;
  } finally {
    await Promise.all([service.app.close(), baseline.app.close(), durable?.app.close()]);
  }
}

interface TimedApp {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly answers: { take(): number[] };
}

async function timed(app: FastifyInstance): Promise<TimedApp> {
  const answers = timeAnswers(app);
  return { app, answers, url: await listen(app) };
}

function planFor(seeded: Seeded, cycle: readonly RequestKind[]): RequestPlan {
  return {
    cycle,
    readPaths: seeded.people.map((person) => person.profilePath),
    writePaths: seeded.people.map((person) => person.entriesPath),
    keys: seeded.authorKeys,
  };
}

/** A warm-up, then the measured run; `head` tells how far the store's log has grown. */
async function measureOne(
  target: TimedApp,
  plan: RequestPlan,
  shape: LoadShape,
  head: () => Promise<number>,
) {
  const { connections, seconds, warmup } = shape;
  await loadPlan(target.url, plan, { connections, seconds: warmup });
  await settle();

  const before = await head();
  const usage = measureServer(target.answers);
  const figures = await loadPlan(target.url, plan, { connections, seconds });
  await settle();
  return { figures, usage: usage(figures.total.ok), appended: (await head()) - before };
}

/** Lets the requests in flight when the load stopped be answered. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}
