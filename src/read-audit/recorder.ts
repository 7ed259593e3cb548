import type { ReadAuditStore, RecordRead } from './port.ts';

/**
 * Writes reads in batches: every read recorded while the loop handles one
 * round of requests goes into one transaction, written when that round is
 * done. A read is answered only once its record is stored, so no answered
 * read goes unrecorded, and a busy server pays one commit per round rather
 * than one per read.
 */
export class ReadRecorder {
  readonly #store: ReadAuditStore;
  #batch: { reads: RecordRead[]; stored: Promise<void> } | undefined;

  constructor(store: ReadAuditStore) {
    this.#store = store;
  }

  record(read: RecordRead): Promise<void> {
    if (this.#batch === undefined) {
      const reads: RecordRead[] = [];
      const stored = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          // Reads recorded from here on go into the next batch.
          this.#batch = undefined;
          this.#store.append(reads).then(resolve, reject);
        });
      });
      this.#batch = { reads, stored };
    }
    this.#batch.reads.push(read);
    return this.#batch.stored;
  }
}
