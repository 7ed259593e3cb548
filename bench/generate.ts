import type { Logger } from 'pino';
import { openRuntime } from '../src/runtime.ts';
import { organisation } from './seed.ts';
import { eventsPerTeam, recordTeamHistory, type GeneratedTeam } from './team-history.ts';

/** What the measures need to know about a generated store, kept beside it. */
export interface Manifest {
  readonly tenant: string;
  readonly events: number;
  readonly teams: number;
  /** How long generating took, for the README's note on the first run. */
  readonly generatedInMs: number;
  /** Some supported people (each with a profile) and employees, spread over the teams. */
  readonly supportedIds: readonly string[];
  readonly employeeIds: readonly string[];
}

/** Teams recorded at once: enough to fill each group commit, few enough to keep memory small. */
const teamsAtOnce = 48;
/** How many of each the manifest keeps. */
const sampleSize = 50;

/**
 * Fills the SQLite store at `databaseFile` with about `events` events: as
 * many whole teams' histories as come closest. Each command goes through the
 * service's own application layer and command handler, so the events are
 * sealed and checked as the API would have them, and the read models are
 * kept as it goes. Prints its progress to stderr.
 */
export async function generateStore(
  databaseFile: string,
  events: number,
  log: Logger,
): Promise<Manifest> {
  const started = Date.now();
  const teams = Math.max(1, Math.round(events / eventsPerTeam));
  const runtime = await openRuntime({ databaseFile, readModelWaitMs: 60_000 }, log);
  const generated: GeneratedTeam[] = [];
  try {
    let next = 0;
    const worker = async () => {
      while (next < teams) {
        const team = next++;
        generated[team] = await recordTeamHistory(runtime.services, organisation, team);
        progress(team + 1, teams, started);
      }
    };
    await Promise.all(Array.from({ length: Math.min(teamsAtOnce, teams) }, worker));
    process.stderr.write('\n');

    const stride = Math.max(1, Math.floor(teams / sampleSize));
    const sample = generated.filter((_, i) => i % stride === 0).slice(0, sampleSize);
    return {
      tenant: organisation,
      events: await runtime.store.headPosition(),
      teams,
      generatedInMs: Date.now() - started,
      supportedIds: sample.map((team) => team.supportedIds[0]!),
      employeeIds: sample.map((team) => team.employeeIds[0]!),
    };
  } finally {
    await runtime.close();
  }
}

function progress(done: number, teams: number, started: number): void {
  const every = Math.max(1, Math.floor(teams / 20));
  if (done % every !== 0 && done !== teams) return;
  const rate = (done * eventsPerTeam) / ((Date.now() - started) / 1000);
  process.stderr.write(`\r  generated ${done}/${teams} teams, ${rate.toFixed(0)} events/s   `);
}
