import type { DomainEvent } from '../domain/events.ts';
import type { LogSubject } from '../domain/vocabulary.ts';
import type { Keyring } from './keyring.ts';
import { changeAt, personalFields, type Whose } from './personal-fields.ts';

/** Where the sealing finds whose a log or review is: facts that never change once recorded. */
export interface SubjectLookup {
  logSubject(tenant: string, logId: string): Promise<LogSubject | undefined>;
  reviewLog(tenant: string, reviewId: string): Promise<string | undefined>;
}

/**
 * Seals the personal fields of events on their way into the store, and opens
 * them for the deciders that fold a stream. Projections never see plaintext:
 * read models keep sealed text, and each answer is opened as it leaves.
 */
export class PersonalData {
  readonly #keyring: Keyring;
  readonly #lookup: SubjectLookup;

  constructor(keyring: Keyring, lookup: SubjectLookup) {
    this.#keyring = keyring;
    this.#lookup = lookup;
  }

  get keyring(): Keyring {
    return this.#keyring;
  }

  /** The events' data with each personal field sealed by the key of the person it is about. */
  async seal(
    tenant: string,
    now: Date,
    events: readonly DomainEvent[],
  ): Promise<Array<Record<string, unknown>>> {
    const sealed: Array<Record<string, unknown>> = [];
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const fields = personalFields[event.type];
      const personId = fields && (await this.#whose(tenant, fields.whose, data));
      if (fields === undefined || personId === undefined) {
        sealed.push(data);
        continue;
      }
      const seal = await this.#keyring.sealerFor(tenant, personId, now);
      sealed.push(changeAt(data, fields.paths, seal));
    }
    return sealed;
  }

  /** Opens sealed text anywhere in `value`; erased people's text reads as the placeholder. */
  open<T>(tenant: string, value: T): Promise<T> {
    return this.#keyring.open(tenant, value);
  }

  /** The person the text of an event is about; undefined when it is about a team. */
  async #whose(
    tenant: string,
    whose: Whose,
    data: Record<string, unknown>,
  ): Promise<string | undefined> {
    if (typeof whose === 'object') return data[whose.person] as string;

    if (whose === 'profile') {
      const document = data.document as { kind: string; subjectId: string };
      return document.kind === 'one-page-profile' ? document.subjectId : undefined;
    }

    const logId =
      whose === 'log'
        ? (data.logId as string)
        : await this.#lookup.reviewLog(tenant, data.reviewId as string);
    // A log being opened names its subject itself.
    const subject =
      (data.subject as LogSubject | undefined) ??
      (logId === undefined ? undefined : await this.#lookup.logSubject(tenant, logId));
    if (subject === undefined) throw new Error('Sealing found no subject for a log or review.');
    return subject.kind === 'person' ? subject.personId : undefined;
  }
}
