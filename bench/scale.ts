import type { GeneratedStore } from './generated-stores.ts';
import { loadPlan, type LoadFigures } from './load.ts';
import type { LoadShape } from './http-measures.ts';
import { startService } from './service-process.ts';

/** The real service on one generated store. */
export interface ScaleFigures {
  readonly events: number;
  readonly listeningMs: number;
  readonly readyMs: number;
  readonly rssAfterStart: number;
  readonly rssAfterLoad: number;
  readonly peakRss: number;
  /** Profile reads spread over the manifest's supported people, with an author's key. */
  readonly reads: LoadFigures;
}

/**
 * Gives an employee of the store an author's key, starts the service on the
 * store, notes how long it took and its memory, loads it with profile reads
 * (a warm-up, then the measured run), notes its memory again, and stops it.
 */
export async function measureScale(store: GeneratedStore, shape: LoadShape): Promise<ScaleFigures> {
  const { manifest } = store;
  const runtime = await store.openRuntime();
  let key: string;
  try {
    const created = await runtime.apiKeys.create(
      {
        role: 'author',
        tenant: manifest.tenant,
        actorId: manifest.employeeIds[0]!,
        actorKind: 'employee',
        label: 'bench scale',
      },
      new Date(),
    );
    key = created.token;
  } finally {
    await runtime.close();
  }

  const service = await startService(store.serviceEnv);
  try {
    const rssAfterStart = service.memory().rss;
    const plan = {
      cycle: ['read'] as const,
      readPaths: manifest.supportedIds.map((personId) => `/people/${personId}/profile`),
      writePaths: [],
      keys: [key],
    };
    const { connections, seconds, warmup } = shape;
    await loadPlan(service.baseUrl, plan, { connections, seconds: warmup });
    const reads = await loadPlan(service.baseUrl, plan, { connections, seconds });
    const { rss, peak } = service.memory();
    return {
      events: manifest.events,
      listeningMs: service.listeningMs,
      readyMs: service.readyMs,
      rssAfterStart,
      rssAfterLoad: rss,
      peakRss: peak,
      reads: reads.total,
    };
  } finally {
    await service.stop();
  }
}
