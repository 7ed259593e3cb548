import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import type { TestApp } from '../helpers/app.ts';

/**
 * Makes concurrent commands load one stream at the same revision. Requests
 * with a body reach the command handler one after another under inject, so
 * without this they would rarely race at all: each read of `stream` is taken
 * at once but handed back only when `parties` reads are waiting (or after a
 * short grace, so that a request which stops early frees the others).
 */
export function loadTogether(t: Test, app: TestApp, stream: string, parties = 2): void {
  const store = app.runtime.store;
  const original = store.readStream.bind(store);
  let waiting: Array<() => void> = [];

  store.readStream = async (name, options) => {
    const events = await original(name, options);
    if (name !== stream) return events;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waiting = waiting.filter((waiter) => waiter !== wake);
        resolve();
      }, 200);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      waiting.push(wake);
      if (waiting.length >= parties) release(waiting.splice(0));
    });
    return events;
  };
  t.teardown(() => {
    store.readStream = original;
  });
}

function release(resolvers: Array<() => void>): void {
  for (const resolve of resolvers) resolve();
}

/** The statuses of concurrent answers, sorted, to compare with e.g. [201, 412]. */
export const statuses = (responses: LightMyRequestResponse[]) =>
  responses.map((r) => r.statusCode).sort();

/** The event types in one stream, in order. */
export const typesIn = async (app: TestApp, stream: string) =>
  (await app.runtime.store.readStream(stream)).map((e) => e.type);
