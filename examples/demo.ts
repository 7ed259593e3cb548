import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenario } from './scenario/index.ts';
import { assemble } from './demo/cast.ts';
import { UnexpectedAnswer } from './demo/client.ts';
import { calendarFrom } from './demo/clock.ts';
import { play } from './demo/play.ts';
import { report } from './demo/report.ts';
import { startService, type RunningService } from './demo/service.ts';

/**
 * `npm run demo`: starts the service on a fresh temporary store, plays the
 * scenario over real HTTP, prints what came of it, and cleans up.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const interruption = new AbortController();
let service: RunningService | undefined;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write('\nInterrupted: stopping the service and removing its store.\n');
    interruption.abort();
  });
}

try {
  const started = Date.now();
  service = await startService(repoRoot, interruption.signal);
  process.stdout.write(`learning-log demo: service on ${service.baseUrl}, fresh temporary store\n`);

  const cast = await assemble(service.baseUrl, service.adminKey, scenario, interruption.signal);
  await play(cast, scenario, calendarFrom(new Date()));
  process.stdout.write(await report(cast, scenario));
  process.stdout.write(
    `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s; the temporary store is removed.\n`,
  );
} catch (error) {
  process.exitCode = interruption.signal.aborted ? 130 : 1;
  if (!interruption.signal.aborted) explain(error);
} finally {
  await service?.stop();
}

function explain(error: unknown): void {
  if (error instanceof UnexpectedAnswer) {
    process.stderr.write(
      `\nThe demo stopped: ${error.message}\n${JSON.stringify(error.problem, null, 2)}\n`,
    );
  } else {
    process.stderr.write(`\nThe demo stopped: ${(error as Error).stack ?? String(error)}\n`);
  }
  if (service !== undefined) process.stderr.write(`--- service output ---\n${service.output()}\n`);
}
