import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the write-ahead log back into the database file from a thread of its
 * own. SQLite does this by default in whichever connection's commit crosses a
 * thousand pages, and since the driver is synchronous that commit then holds
 * the whole server for the copy and two waits for the disk: about half the
 * cost of storing the read models under load (bench/RESULTS.md). Here the
 * service's connections never checkpoint, and this thread does it a few times
 * a second instead, beside them.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #connections: readonly Database.Database[];
  readonly #stopped: Promise<void>;
  #stopping = false;

  /**
   * Starts checkpointing `file`, which `connections` use; `onFailure` hears of
   * a checkpoint that failed (a full disk, say) by SQLite's error code. If the
   * thread itself ends unasked, the connections checkpoint as SQLite would.
   */
  constructor(
    file: string,
    connections: readonly Database.Database[],
    onFailure: (code: string) => void,
  ) {
    this.#connections = connections;
    for (const connection of connections) connection.pragma('wal_autocheckpoint = 0');

    this.#worker = new Worker(workerCode, {
      eval: true,
      workerData: { file, driver: driverPath, intervalMs },
    });
    this.#worker.on('message', (message: { failed: string }) => onFailure(message.failed));
    this.#worker.on('error', (error: NodeJS.ErrnoException) => onFailure(error.code ?? 'WORKER'));
    this.#stopped = new Promise((resolve) => {
      this.#worker.once('exit', () => {
        if (!this.#stopping) this.#checkpointInline();
        resolve();
      });
    });
  }

  /** Closes the thread's connection and waits for it to end; the last connection to close checkpoints. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#worker.postMessage('stop');
    await this.#stopped;
  }

  #checkpointInline(): void {
    for (const connection of this.#connections) {
      if (connection.open) connection.pragma('wal_autocheckpoint = 1000');
    }
  }
}

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

/** Often enough that the log stays a few megabytes under full load. */
const intervalMs = 100;

// Plain JavaScript run by the thread, so it needs no TypeScript loader of its own.
const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);

let lastFailure = null;
function report(error) {
  // Once per spell, not every tick: the next tick tries again.
  const code = error.code ?? 'UNKNOWN';
  if (code !== lastFailure) parentPort.postMessage({ failed: code });
  lastFailure = code;
}

let db;
try {
  db = new Database(workerData.file);
  db.pragma('busy_timeout = 1000');
} catch (error) {
  // Ends the thread, and the service's connections checkpoint for themselves.
  report(error);
  parentPort.close();
}

if (db !== undefined) {
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      lastFailure = null;
    } catch (error) {
      report(error);
    }
  }, workerData.intervalMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    db.close();
    parentPort.close();
  });
}
`;
