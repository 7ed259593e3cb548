import type { Test } from 'tap';
import { AcknowledgementQueries } from '../../projections/acknowledgements/queries.ts';
import { DirectoryQueries } from '../../projections/directory/queries.ts';
import { DocumentQueries } from '../../projections/documents/queries.ts';
import { Projector } from '../../projections/engine/projector.ts';
import { SqliteReadStore } from '../../projections/engine/sqlite-read-store.ts';
import { LearningLogQueries } from '../../projections/learning-logs/queries.ts';
import { openSqliteDatabase, SqliteEventStore } from '../../src/event-store/sqlite.ts';
import type { StoredEvent } from '../../src/event-store/port.ts';
import { projections } from '../../src/runtime.ts';

/** Collects what the projector logs, so a test can see that a stall was loud. */
export function recordingLog() {
  const lines: Array<{
    level: 'debug' | 'info' | 'warn' | 'error';
    fields: object;
    message: string;
  }> = [];
  return {
    lines,
    debug: (fields: object, message: string) =>
      void lines.push({ level: 'debug', fields, message }),
    info: (fields: object, message: string) => void lines.push({ level: 'info', fields, message }),
    warn: (fields: object, message: string) => void lines.push({ level: 'warn', fields, message }),
    error: (fields: object, message: string) =>
      void lines.push({ level: 'error', fields, message }),
  };
}

/**
 * Fixture events appended to a real in-memory store and projected into a real
 * SqliteReadStore by the projector, with the queries over them.
 */
export async function projected(t: Test, events: readonly StoredEvent[]) {
  const db = openSqliteDatabase(':memory:');
  const store = new SqliteEventStore(db);
  const readStore = new SqliteReadStore(db);
  const log = recordingLog();
  const projector = new Projector(store, readStore, projections, log);
  t.teardown(async () => {
    projector.stop();
    await store.close();
    db.close();
  });
  await projector.start();

  const directory = new DirectoryQueries(readStore);
  const documents = new DocumentQueries(readStore);
  const queries = {
    directory,
    documents,
    logs: new LearningLogQueries(readStore),
    acknowledgements: new AcknowledgementQueries(readStore, directory, documents),
  };

  /** Appends fixture events as they are (their positions must continue the store's), then waits. */
  const append = async (
    more: readonly StoredEvent[],
    options: { wait: boolean } = { wait: true },
  ): Promise<void> => {
    for (const { stream, revision, position, commit: _, ...event } of more) {
      const appended = await store.append(stream, [event], {
        expectedRevision: revision === 0 ? 'no-stream' : revision - 1,
      });
      if (appended.position !== position)
        throw new Error(`fixture position ${position} landed at ${appended.position}`);
    }
    if (options.wait) await projector.waitFor(await store.head(), 2000);
  };

  await append(events);
  return { db, store, readStore, projector, queries, log, append };
}
