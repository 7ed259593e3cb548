import type { ReadAuditStore, RecordRead } from './port.ts';

interface Batch {
  readonly reads: RecordRead[];
  readonly stored: Promise<void>;
}

/**
 * Writes reads in batches, one transaction at a time: reads recorded while a
 * batch is being written wait together for the next one, which starts as
 * soon as the store is free (and at the end of the loop turn when it is
 * idle). A read is answered only once its record is stored, so no answered
 * read goes unrecorded, and a busy server pays one commit per batch rather
 * than one per read.
 */
export class ReadRecorder {
  readonly #store: ReadAuditStore;
  /** The batch still taking reads, if any. */
  #open: Batch | undefined;
  /** Settles when the batch being written is stored (or failed). */
  #writing: Promise<void> = Promise.resolve();

  constructor(store: ReadAuditStore) {
    this.#store = store;
  }

  record(read: RecordRead): Promise<void> {
    const batch = (this.#open ??= this.#nextBatch());
    batch.reads.push(read);
    return batch.stored;
  }

  #nextBatch(): Batch {
    const reads: RecordRead[] = [];
    const previous = this.#writing;
    const stored = new Promise<void>((resolve, reject) => {
      // Reads of this loop turn join first; then the batch waits for the one before it.
      setImmediate(() => {
        void previous.then(() => {
          if (this.#open?.reads === reads) this.#open = undefined;
          this.#store.append(reads).then(resolve, reject);
        });
      });
    });
    this.#writing = stored.catch(() => {});
    return { reads, stored };
  }
}
