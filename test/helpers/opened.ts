import type { Runtime } from '../../src/runtime.ts';

/**
 * Read models keep personal text sealed; answers open it on the way out. A
 * query object whose answers come opened, as a client would see them, for
 * tests that read the queries directly.
 */
export function opened<T extends object>(runtime: Runtime, tenant: string, queries: T): T {
  return new Proxy(queries, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) =>
        runtime.personal.open(tenant, await value.apply(target, args));
    },
  });
}
