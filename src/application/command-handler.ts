import { fold, type Decider } from '../domain/decider.ts';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';
import { currentSchemaVersion, type DomainEvent } from '../domain/events.ts';
import type { LogCursor } from '../event-store/log-cursor.ts';
import type {
  EventStore,
  ExpectedRevision,
  NewEvent,
  StreamRevision,
} from '../event-store/port.ts';
import { PersonErasedError } from '../personal-data/keyring.ts';
import type { PersonalData } from '../personal-data/sealing.ts';
import type { RequestContext } from './context.ts';

/** An aggregate's state as its stream stands, with the revision to expect when appending. */
export interface Loaded<State> {
  readonly state: State;
  /** Last revision of the stream, -1 when it does not exist. */
  readonly revision: number;
  readonly exists: boolean;
  /** The organisation the stream belongs to, null when it does not exist. */
  readonly tenant: string | null;
}

export interface Appended {
  readonly revision: number;
  readonly events: readonly DomainEvent[];
}

export interface RunOptions<State = unknown> {
  /**
   * The stream as the caller already loaded it to check the request; the
   * append then expects that revision, so the checks and the decision rest on
   * the same state, read once.
   */
  readonly loaded?: Loaded<State>;
  /** Domain time of the events (when the activity happened); the request time by default. */
  readonly occurredAt?: string;
  /** Overrides the revision read while loading: the If-Match a client sent. */
  readonly expectedRevision?: ExpectedRevision;
  /**
   * The stream is named by an id made for this command, so there is nothing
   * to load: the decision starts from the initial state, and the append
   * expects no stream (should the id ever exist, the append is refused).
   */
  readonly newStream?: boolean;
  /** The stream must exist in the caller's organisation; otherwise this error. */
  readonly notFound?: DomainErrorCode;
  /** Other streams the decision rested on, which must not have changed since they were read. */
  readonly unchanged?: readonly StreamRevision[];
  /**
   * Whether the answer waits for the read models to include the events: not
   * for facts no read model shows, recorded by a command-line process that
   * keeps no read models itself.
   */
  readonly waitForReadModels?: boolean;
}

/** Waits until the read models include a place in the log, so a client reads its own write. */
export type WaitForReadModels = (cursor: LogCursor) => Promise<void>;

/**
 * Load, decide, append: the one way commands reach the event store. The
 * append expects the revision that was loaded, so a concurrent change to the
 * same stream between load and append makes this one fail, never both succeed.
 */
export class CommandHandler {
  constructor(
    private readonly store: EventStore,
    private readonly waitForReadModels: WaitForReadModels,
    private readonly newId: () => string,
    private readonly personal: Pick<PersonalData, 'seal' | 'open'>,
  ) {}

  async load<State>(
    stream: string,
    decider: Pick<Decider<State, never>, 'initialState' | 'evolve'>,
  ): Promise<Loaded<State>> {
    const stored = await this.store.readStream(stream);
    // Deciders compare and carry text, so they see it opened.
    const events =
      stored.length === 0 ? stored : await this.personal.open(stored[0]!.tenant, stored);
    const state = fold(
      decider,
      events.map((e) => ({ type: e.type, data: e.data }) as DomainEvent),
    );
    return {
      state,
      revision: events.length - 1,
      exists: events.length > 0,
      tenant: events[0]?.tenant ?? null,
    };
  }

  /**
   * Loads a stream that a request names by id. Streams of another organisation
   * are reported exactly like streams that do not exist.
   */
  async loadOwn<State>(
    stream: string,
    decider: Pick<Decider<State, never>, 'initialState' | 'evolve'>,
    context: RequestContext,
    notFound: DomainErrorCode,
  ): Promise<Loaded<State>> {
    const loaded = await this.load(stream, decider);
    if (loaded.tenant !== context.tenant) throw new DomainError(notFound, 'No such resource.');
    return loaded;
  }

  async run<State, Command>(
    stream: string,
    decider: Decider<State, Command>,
    context: RequestContext,
    command: Command,
    options: RunOptions<State> = {},
  ): Promise<Appended> {
    const loaded =
      options.loaded ??
      (options.newStream === true
        ? nothingStored(decider)
        : options.notFound === undefined
          ? await this.load(stream, decider)
          : await this.loadOwn(stream, decider, context, options.notFound));
    const decided = decider.decide(command, loaded.state);
    // A command that changes nothing (revoking a key twice, say) records nothing.
    if (decided.length === 0) return { revision: loaded.revision, events: decided };

    const expectedRevision =
      options.expectedRevision ?? (loaded.exists ? loaded.revision : 'no-stream');
    const recordedAt = context.now.toISOString();
    const sealed = await this.#sealed(context, decided);
    const envelopes = decided.map((event, i): NewEvent => ({
      id: this.newId(),
      type: event.type,
      schemaVersion: currentSchemaVersion,
      occurredAt: options.occurredAt ?? recordedAt,
      recordedAt,
      actor: context.actor,
      tenant: context.tenant,
      correlationId: context.correlationId,
      causationId: context.requestId,
      data: sealed[i]!,
    }));

    const appended = await this.store.append(stream, envelopes, {
      expectedRevision,
      unchanged: options.unchanged,
    });
    if (options.waitForReadModels ?? true) await this.waitForReadModels(appended);
    return { revision: appended.revision, events: decided };
  }

  async #sealed(context: RequestContext, decided: readonly DomainEvent[]) {
    try {
      return await this.personal.seal(context.tenant, context.now, decided);
    } catch (error) {
      if (error instanceof PersonErasedError) throw new DomainError('PERSON_ERASED', error.message);
      throw error;
    }
  }
}

/** A stream that does not exist yet, as loading it would find it. */
function nothingStored<State>(decider: Pick<Decider<State, never>, 'initialState'>): Loaded<State> {
  return { state: decider.initialState, revision: -1, exists: false, tenant: null };
}
