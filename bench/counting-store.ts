import { performance } from 'node:perf_hooks';
import type { ReadAuditStore, ReadFilter, RecordRead } from '../src/read-audit/port.ts';

/** What the read log was asked to store while a measurement ran. */
export interface BatchFigures {
  /** Transactions: the recorder calls `append` once per batch, and each call is one transaction. */
  readonly batches: number;
  readonly reads: number;
  readonly meanSize: number;
  readonly maxSize: number;
  /** Milliseconds per append; on SQLite the event loop can do nothing else meanwhile. */
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Milliseconds spent inside append, all batches together. */
  readonly busyMs: number;
}

/**
 * Passes every batch on to the real read log unchanged, noting its size and
 * how long the store took, so the benchmark can tell how many transactions
 * the reads cost. Bench only: production code has no such hook.
 */
export class CountingReadAudit implements ReadAuditStore {
  readonly #inner: ReadAuditStore;
  #sizes: number[] = [];
  #durations: number[] = [];

  constructor(inner: ReadAuditStore) {
    this.#inner = inner;
  }

  async append(reads: readonly RecordRead[]): Promise<void> {
    const start = performance.now();
    try {
      await this.#inner.append(reads);
    } finally {
      this.#sizes.push(reads.length);
      this.#durations.push(performance.now() - start);
    }
  }

  list(tenant: string, filter: ReadFilter) {
    return this.#inner.list(tenant, filter);
  }

  /** Starts counting afresh, e.g. after a warm-up. */
  reset(): void {
    this.#sizes = [];
    this.#durations = [];
  }

  figures(): BatchFigures {
    const batches = this.#sizes.length;
    const reads = sum(this.#sizes);
    const busy = sum(this.#durations);
    return {
      batches,
      reads,
      meanSize: batches === 0 ? 0 : reads / batches,
      maxSize: max(this.#sizes),
      meanMs: batches === 0 ? 0 : busy / batches,
      p99Ms: [...this.#durations].sort((x, y) => x - y)[Math.floor(0.99 * (batches - 1))] ?? 0,
      maxMs: max(this.#durations),
      busyMs: busy,
    };
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

// A loop rather than Math.max(...values): a long run makes more batches than a call takes arguments.
function max(values: readonly number[]): number {
  return values.reduce((largest, value) => Math.max(largest, value), 0);
}
