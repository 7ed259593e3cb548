import { setTimeout as sleep } from 'node:timers/promises';

/** Whether `check` came true within `ms`, looking every 100 ms. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await sleep(100)) {
    if (await check()) return true;
  }
  return check();
}
