import type { Test } from 'tap';
import { WrongExpectedRevisionError } from '../../src/event-store/errors.ts';
import { cursorOf, logStart, type LogCursor } from '../../src/event-store/log-cursor.ts';
import type {
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  StoredEvent,
  Subscription,
} from '../../src/event-store/port.ts';

/** One fresh, empty store per test, and how to get rid of it afterwards. */
export interface StoreFixture {
  readonly store: EventStore;
  /** Closes the store and opens a new one on the same storage; only for durable stores. */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes the current store (a test may have closed it already) and removes its storage. */
  readonly cleanup: () => Promise<void>;
}

export interface ContractOptions {
  /**
   * How long to watch a closed subscription to be sure it stays quiet. Longer
   * than the adapter's poll interval, or a late poll would go unnoticed.
   */
  readonly quietMs?: number;
}

/** Registers the tests every event store adapter must pass, each on a store from `makeStore`. */
export function eventStoreContract(
  t: Test,
  name: string,
  makeStore: () => Promise<StoreFixture>,
  options: ContractOptions = {},
): void {
  const settings = { quietMs: options.quietMs ?? 600 };

  t.test(`${name}: event store contract`, async (t) => {
    for (const [title, run] of Object.entries(cases)) {
      t.test(title, async (t) => {
        const fixture = await makeStore();
        t.teardown(fixture.cleanup);
        await run(t, fixture, settings);
      });
    }
  });
}

/** Builds an event from a sequence number: fixed ids, and a clock one minute per step. */
/**
 * Twenty appends to new streams, then two to `shared` (holding one event)
 * that both expect its revision 0: made at once, the last must fail alone.
 */
export function appendsWithOneConflict(store: EventStore, shared: string) {
  return [
    ...Array.from({ length: 20 }, (_, i) =>
      store.append(`entry-${i}`, [newEvent(i + 2)], { expectedRevision: 'no-stream' }),
    ),
    store.append(shared, [newEvent(30)], { expectedRevision: 0 }),
    store.append(shared, [newEvent(31)], { expectedRevision: 0 }),
  ];
}

export function newEvent(seq: number, overrides: Partial<NewEvent> = {}): NewEvent {
  const minute = (offset: number): string =>
    new Date(Date.UTC(2024, 4, 1, 10, seq + offset)).toISOString();
  const uuid = (group: string): string =>
    `00000000-0000-4000-${group}-${String(seq).padStart(12, '0')}`;

  return {
    id: uuid('8000'),
    type: 'LearningEntryRecorded',
    schemaVersion: 1,
    occurredAt: minute(-1),
    recordedAt: minute(0),
    actor: { id: 'person-0001', kind: 'employee', role: 'author', via: 'key_test' },
    tenant: 'tenant-test',
    correlationId: uuid('9000'),
    causationId: uuid('a000'),
    data: { seq },
    ...overrides,
  };
}

type Case = (t: Test, fixture: StoreFixture, settings: { quietMs: number }) => Promise<void>;

const cases: Record<string, Case> = {
  'an appended event reads back with its whole envelope': async (t, { store }) => {
    const first = newEvent(1, { causationId: null });
    const second = newEvent(2, { data: { nested: { list: [1, 'two', null] }, text: 'Zoë ✓' } });

    const result = await store.append('log-a', [first, second], { expectedRevision: 'no-stream' });

    const stream = await store.readStream('log-a');
    const firstPosition = stream[0]?.position ?? 0;
    const firstCommit = stream[0]?.commit ?? 0;
    t.strictSame(
      stream,
      [
        { ...first, stream: 'log-a', revision: 0, position: firstPosition, commit: firstCommit },
        {
          ...second,
          stream: 'log-a',
          revision: 1,
          position: result.position,
          commit: result.commit,
        },
      ],
      'readStream returns every field as written, plus stream, revision, position and commit',
    );
    t.strictSame(
      await store.readAll({ after: logStart, limit: 10 }),
      stream,
      'readAll returns the same',
    );
    t.equal(result.revision, 1, 'append returns the revision of the last event');
    t.ok(firstPosition >= 1 && firstPosition < result.position, 'positions start at 1 and grow');
    t.ok(
      firstCommit >= 1 && firstCommit <= result.commit,
      'commits too, or are shared by an append',
    );
  },

  'revisions start at 0 and are contiguous across appends': async (t, { store }) => {
    const three = [newEvent(1), newEvent(2), newEvent(3)];

    await store.append('log-a', three, { expectedRevision: 'no-stream' });
    const result = await store.append('log-a', [newEvent(4), newEvent(5)], { expectedRevision: 2 });

    const revisions = (await store.readStream('log-a')).map((event) => event.revision);
    t.same(revisions, [0, 1, 2, 3, 4], 'revisions run 0..4 without gaps');
    t.equal(result.revision, 4, 'the second append returns revision 4');
  },

  'positions increase across streams and readAll pages in global order': async (t, { store }) => {
    const appended: string[] = [];
    for (const [i, stream] of ['log-a', 'log-b', 'log-a', 'log-c', 'log-b'].entries()) {
      const event = newEvent(i + 1);
      await store.append(stream, [event], { expectedRevision: 'any' });
      appended.push(event.id);
    }

    const all = await store.readAll({ after: logStart, limit: 100 });
    const pages = await readInPages(store, 2);

    t.same(ids(all), appended, 'readAll returns events in the order they were appended');
    t.ok(isStrictlyIncreasing(all.map((event) => event.position)), 'positions strictly increase');
    t.same(pages.flat(), all, 'pages of two, each after the last position seen, add up to all');
    t.ok(
      pages.every((page) => page.length <= 2),
      'no page is longer than its limit',
    );
    const head = cursorOf(all.at(-1)!);
    t.same(await store.head(), head, 'the head is the last event read');
    t.same(await store.readAll({ after: head, limit: 10 }), [], 'nothing after the head');
  },

  'expected no-stream accepts a new stream and rejects an existing one': async (t, { store }) => {
    await store.append('log-a', [newEvent(1)], { expectedRevision: 'no-stream' });

    await expectConflict(t, store, 'log-a', 'no-stream', 0);
  },

  'expected exists accepts an existing stream and rejects a missing one': async (t, { store }) => {
    await store.append('log-a', [newEvent(1)], { expectedRevision: 'no-stream' });

    const result = await store.append('log-a', [newEvent(2)], { expectedRevision: 'exists' });

    t.equal(result.revision, 1, 'exists appends to an existing stream');
    await expectConflict(t, store, 'log-missing', 'exists', -1);
  },

  'expected any accepts a missing and an existing stream': async (t, { store }) => {
    const created = await store.append('log-a', [newEvent(1)], { expectedRevision: 'any' });
    const extended = await store.append('log-a', [newEvent(2)], { expectedRevision: 'any' });

    t.equal(created.revision, 0, 'any creates a stream');
    t.equal(extended.revision, 1, 'any extends a stream');
  },

  'an expected number accepts only the exact last revision': async (t, { store }) => {
    await store.append('log-a', [newEvent(1), newEvent(2)], { expectedRevision: 'no-stream' });

    const result = await store.append('log-a', [newEvent(3)], { expectedRevision: 1 });

    t.equal(result.revision, 2, 'the exact revision appends');
    await expectConflict(t, store, 'log-a', 1, 2);
    await expectConflict(t, store, 'log-a', 5, 2);
    await expectConflict(t, store, 'log-missing', 0, -1);
  },

  'a multi-event append is all or nothing': async (t, { store }) => {
    const taken = newEvent(1);
    await store.append('log-a', [taken], { expectedRevision: 'no-stream' });
    const batch = [newEvent(2), newEvent(3), { ...newEvent(4), id: taken.id }];

    const failing = store.append('log-b', batch, { expectedRevision: 'no-stream' });

    await t.rejects(failing, 'a batch whose last event reuses an id fails');
    t.same(await store.readStream('log-b'), [], 'none of the batch was written');
    t.same(
      ids(await store.readAll({ after: logStart, limit: 10 })),
      [taken.id],
      'only the earlier event',
    );
    const good = batch.slice(0, 2);
    const retry = await store.append('log-b', good, { expectedRevision: 'no-stream' });
    t.equal(retry.revision, 1, 'the stream is still new and takes the good events');
  },

  'readStream honours fromRevision, toRevision and asOf': async (t, { store }) => {
    const events = [1, 2, 3, 4, 5].map((seq) => newEvent(seq));
    await store.append('log-a', events, { expectedRevision: 'no-stream' });
    await store.append('log-b', [newEvent(6)], { expectedRevision: 'no-stream' });
    const read = async (options: ReadStreamOptions): Promise<number[]> =>
      (await store.readStream('log-a', options)).map((event) => event.revision);
    const thirdRecordedAt = events[2]?.recordedAt ?? '';

    t.same(await read({ fromRevision: 2 }), [2, 3, 4], 'fromRevision is inclusive');
    t.same(await read({ toRevision: 1 }), [0, 1], 'toRevision is inclusive');
    t.same(await read({ fromRevision: 1, toRevision: 3 }), [1, 2, 3], 'both bound a range');
    t.same(await read({ fromRevision: 9 }), [], 'past the end reads nothing');
    t.same(await read({ asOf: thirdRecordedAt }), [0, 1, 2], 'asOf includes its own instant');
    t.same(await read({ asOf: '2024-05-01T10:03:30.000Z' }), [0, 1, 2], 'asOf leaves out later');
    t.same(await read({ asOf: '2024-05-01T12:03:30+02:00' }), [0, 1, 2], 'asOf is an instant');
    t.same(await read({ asOf: '2024-05-01T09:00:00.000Z' }), [], 'asOf before the stream: none');
    t.same(await read({ fromRevision: 1, asOf: thirdRecordedAt }), [1, 2], 'asOf with a range');
  },

  'headPosition is 0 when empty, then the last appended position': async (t, { store }) => {
    t.equal(await store.headPosition(), 0, 'an empty store is at 0');
    t.same(await store.head(), logStart, 'and its head cursor is the start');

    await store.append('log-a', [newEvent(1)], { expectedRevision: 'no-stream' });
    const two = [newEvent(2), newEvent(3)];
    const last = await store.append('log-b', two, { expectedRevision: 'no-stream' });

    t.equal(await store.headPosition(), last.position, 'head is the last appended position');
    t.same(await store.head(), cursorOf(last), 'the head cursor is that of the last append');
  },

  'concurrent appends expecting the same revision: exactly one wins': async (t, { store }) => {
    const first = newEvent(1);
    await store.append('log-a', [first], { expectedRevision: 'no-stream' });
    const contenders = Array.from({ length: 20 }, (_, i) => newEvent(100 + i));

    const outcomes = await Promise.allSettled(
      contenders.map((event) => store.append('log-a', [event], { expectedRevision: 0 })),
    );

    const won = contenders.filter((_, i) => outcomes[i]?.status === 'fulfilled');
    const errors = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason] : [],
    );
    t.equal(won.length, 1, 'one append succeeds');
    t.ok(
      errors.every((error) => isConflict(error, 0, 1)),
      'the others conflict at revision 1',
    );
    t.same(ids(await store.readStream('log-a')), ids([first, ...won]), 'the winner is stored once');
    t.equal(
      (await store.readAll({ after: logStart, limit: 100 })).length,
      2,
      'nothing else was written',
    );
  },

  'concurrent appends to different streams all succeed at distinct positions': async (
    t,
    { store },
  ) => {
    const streams = Array.from({ length: 30 }, (_, i) => `log-${i}`);

    const results = await Promise.all(
      streams.map((stream, i) =>
        store.append(stream, [newEvent(i + 1)], { expectedRevision: 'no-stream' }),
      ),
    );

    const positions = results.map((result) => result.position).sort(byNumber);
    const stored = (await store.readAll({ after: logStart, limit: 100 }))
      .map((event) => event.position)
      .sort(byNumber);
    t.equal(new Set(positions).size, streams.length, 'every append has its own position');
    t.ok(
      results.every((result) => result.revision === 0),
      'every stream starts at revision 0',
    );
    t.same(stored, positions, 'the log holds exactly those positions');
  },

  'an appended position is visible to readAll straight away': async (t, { store }) => {
    for (let seq = 1; seq <= 5; seq += 1) {
      const event = newEvent(seq);
      const stream = `log-${seq % 2}`;

      const before = await store.head();
      const { position } = await store.append(stream, [event], { expectedRevision: 'any' });

      const [read] = await store.readAll({ after: before, limit: 1 });
      t.equal(read?.id, event.id, `event ${seq} is readable at position ${position}`);
    }
  },

  'a subscription delivers every event once, in order, until closed': async (
    t,
    { store },
    { quietMs },
  ) => {
    await store.append('log-a', [newEvent(1), newEvent(2)], { expectedRevision: 'no-stream' });
    const middle = await store.append('log-b', [newEvent(3)], { expectedRevision: 'no-stream' });
    await store.append('log-a', [newEvent(4)], { expectedRevision: 1 });

    const fromStart = collect(store, logStart);
    const fromMiddle = collect(store, cursorOf(middle));
    await fromStart.until(3);
    await store.append('log-c', [newEvent(5), newEvent(6)], { expectedRevision: 'no-stream' });
    await store.append('log-b', [newEvent(7)], { expectedRevision: 0 });
    await Promise.all([fromStart.until(7), fromMiddle.until(4)]);
    fromStart.close();
    fromMiddle.close();
    await store.append('log-a', [newEvent(8)], { expectedRevision: 2 });
    await sleep(quietMs);

    const all = await store.readAll({ after: logStart, limit: 100 });
    t.same(ids(fromStart.events), ids(all.slice(0, 7)), 'from 0: all seven, in order, each once');
    t.same(ids(fromMiddle.events), ids(all.slice(3, 7)), 'from a position: only what follows it');
    t.notOk(fromStart.overlapped || fromMiddle.overlapped, 'a batch waits for the last to settle');
  },

  'closing the store ends the subscriptions still open on it': async (
    t,
    { store },
    { quietMs },
  ) => {
    await store.append('log-a', [newEvent(1)], { expectedRevision: 'no-stream' });
    const open = collect(store, logStart);
    await open.until(1);

    await store.close();
    await sleep(quietMs);

    t.equal(open.events.length, 1, 'the subscription kept its event and no later poll failed');
  },

  'a duplicate event id is rejected': async (t, { store }) => {
    const event = newEvent(1);
    await store.append('log-a', [event], { expectedRevision: 'no-stream' });

    await t.rejects(store.append('log-a', [event], { expectedRevision: 'any' }), 'same stream');
    await t.rejects(store.append('log-b', [event], { expectedRevision: 'any' }), 'other stream');

    t.equal(
      (await store.readAll({ after: logStart, limit: 10 })).length,
      1,
      'the event is stored once',
    );
  },

  'a request that wrote can be told from one that did not, by causation id': async (
    t,
    { store },
  ) => {
    const causationId = '0b7a4c2e-1d3f-4a5b-8c6d-7e8f9a0b1c2d';
    t.notOk(await store.hasEventsCausedBy(causationId), 'nothing before it appends');
    await store.append('log-a', [newEvent(1, { causationId })], { expectedRevision: 'no-stream' });

    t.ok(await store.hasEventsCausedBy(causationId), 'its event is found by its causation id');
    t.notOk(await store.hasEventsCausedBy('another-request'), 'another request wrote nothing');
  },

  'imported events keep ids, streams, revisions and envelopes, in the order given': async (
    t,
    { store },
  ) => {
    // As another store numbered them: positions and commits of its own, out of step with ours.
    const copied = [
      { ...newEvent(1), stream: 'log-a', revision: 0, position: 40, commit: 900 },
      { ...newEvent(2), stream: 'log-b', revision: 0, position: 38, commit: 901 },
      { ...newEvent(3), stream: 'log-a', revision: 1, position: 41, commit: 902 },
    ];

    await store.importEvents(copied.slice(0, 2));
    await store.importEvents(copied.slice(2));

    const all = await store.readAll({ after: logStart, limit: 10 });
    const withoutPlace = (events: readonly StoredEvent[]) =>
      events.map(({ position: _, commit: __, ...event }) => event);
    t.strictSame(withoutPlace(all), withoutPlace(copied), 'every event as it was, in order');
    t.ok(isStrictlyIncreasing(all.map((event) => event.position)), 'positions of its own');
    const next = await store.append('log-a', [newEvent(4)], { expectedRevision: 1 });
    t.equal(next.revision, 2, 'an imported stream carries on from its last revision');
    await t.rejects(
      store.importEvents([
        { ...newEvent(5), stream: 'log-b', revision: 0, position: 1, commit: 1 },
      ]),
      'a revision already taken is refused',
    );
  },

  'an append can rest on other streams standing still': async (t, { store }) => {
    await store.append('review-a', [newEvent(1)], { expectedRevision: 'no-stream' });

    await store.append('profile-a', [newEvent(2)], {
      expectedRevision: 'no-stream',
      unchanged: [
        { stream: 'review-a', revision: 0 },
        { stream: 'review-none', revision: -1 },
      ],
    });
    const refused = await store
      .append('profile-a', [newEvent(3)], {
        expectedRevision: 0,
        unchanged: [{ stream: 'review-a', revision: -1 }],
      })
      .catch((error: unknown) => error);

    t.match(
      refused,
      { name: 'WrongExpectedRevisionError', stream: 'review-a', expected: -1, actual: 0 },
      'a stream that moved is a conflict on that stream',
    );
    t.equal((await store.readStream('profile-a')).length, 1, 'and nothing was written');
  },

  'two appends that each rest on the other stream: never both': async (t, { store }) => {
    let both = 0;
    for (let round = 0; round < 10; round += 1) {
      const [a, b] = [`apply-${round}`, `decline-${round}`];
      await store.append(a, [newEvent(100 + round)], { expectedRevision: 'no-stream' });
      await store.append(b, [newEvent(200 + round)], { expectedRevision: 'no-stream' });

      const outcomes = await Promise.allSettled([
        store.append(a, [newEvent(300 + round)], {
          expectedRevision: 0,
          unchanged: [{ stream: b, revision: 0 }],
        }),
        store.append(b, [newEvent(400 + round)], {
          expectedRevision: 0,
          unchanged: [{ stream: a, revision: 0 }],
        }),
      ]);
      if (outcomes.every((outcome) => outcome.status === 'fulfilled')) both += 1;
      t.ok(
        outcomes.some((outcome) => outcome.status === 'fulfilled'),
        `round ${round}: one of them is stored`,
      );
    }
    t.equal(both, 0, 'in no round were both stored');
  },

  'readAll can keep to one organisation, a full page of it': async (t, { store }) => {
    for (let seq = 1; seq <= 9; seq += 1) {
      const tenant = seq % 3 === 0 ? 'tenant-mine' : 'tenant-other';
      await store.append(`log-${seq}`, [newEvent(seq, { tenant })], {
        expectedRevision: 'no-stream',
      });
    }

    const first = await store.readAll({ after: logStart, limit: 2, tenant: 'tenant-mine' });
    const rest = await store.readAll({
      after: cursorOf(first.at(-1)!),
      limit: 2,
      tenant: 'tenant-mine',
    });

    t.same(
      first.map((event) => event.data.seq),
      [3, 6],
      'two of its own, however many of others lie between',
    );
    t.same(
      rest.map((event) => event.data.seq),
      [9],
      'then the rest, from the last cursor',
    );
  },

  'an unknown stream reads as empty': async (t, { store }) => {
    await store.append('log-a', [newEvent(1)], { expectedRevision: 'no-stream' });

    t.same(await store.readStream('log-unknown'), [], 'no events and no error');
  },

  'events survive closing and reopening the store': async (t, { store, reopen }) => {
    if (reopen === undefined) return t.plan(0, 'this store does not outlive its process');
    await store.append('log-a', [newEvent(1), newEvent(2)], { expectedRevision: 'no-stream' });
    await store.append('log-b', [newEvent(3)], { expectedRevision: 'no-stream' });
    const before = await store.readAll({ after: logStart, limit: 10 });
    const head = before.at(-1)?.position ?? 0;

    const reopened = await reopen();

    t.strictSame(
      await reopened.readAll({ after: logStart, limit: 10 }),
      before,
      'every event is intact',
    );
    t.equal(await reopened.headPosition(), head, 'the head position survives');
    const next = await reopened.append('log-a', [newEvent(4)], { expectedRevision: 1 });
    t.equal(next.revision, 2, 'the stream carries on from its last revision');
    t.ok(next.position > head, 'positions carry on past the old head');
  },
};

async function expectConflict(
  t: Test,
  store: EventStore,
  stream: string,
  expectedRevision: ExpectedRevision,
  actual: number,
): Promise<void> {
  const head = await store.headPosition();
  const label = `${stream} expecting ${String(expectedRevision)}`;

  const error = await store.append(stream, [newEvent(999)], { expectedRevision }).then(
    () => undefined,
    (reason: unknown) => reason,
  );

  t.type(error, WrongExpectedRevisionError, `${label}: a WrongExpectedRevisionError`);
  t.match(error, { stream, expected: expectedRevision, actual }, `${label}: actual is ${actual}`);
  t.equal(await store.headPosition(), head, `${label}: nothing was written`);
}

function isConflict(error: unknown, expected: ExpectedRevision, actual: number): boolean {
  return (
    error instanceof WrongExpectedRevisionError &&
    error.expected === expected &&
    error.actual === actual
  );
}

async function readInPages(store: EventStore, limit: number): Promise<StoredEvent[][]> {
  const pages: StoredEvent[][] = [];
  for (let after = logStart; ;) {
    const page = await store.readAll({ after, limit });
    if (page.length === 0) return pages;
    pages.push(page);
    after = cursorOf(page.at(-1)!);
  }
}

interface Collector extends Subscription {
  readonly events: StoredEvent[];
  /** True if a batch arrived while the one before it was still being handled. */
  readonly overlapped: boolean;
  until(count: number): Promise<void>;
}

/** Subscribes with a slow handler and keeps what arrives. */
function collect(store: EventStore, after: LogCursor): Collector {
  const events: StoredEvent[] = [];
  let busy = false;
  let overlapped = false;

  const subscription = store.subscribe(after, async (batch) => {
    overlapped ||= busy;
    busy = true;
    events.push(...batch);
    await sleep(5);
    busy = false;
  });

  return {
    events,
    get overlapped() {
      return overlapped;
    },
    until: (count) =>
      waitFor(() => events.length >= count, `${count} events after ${after.position}`),
    close: () => subscription.close(),
  };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ids(events: readonly (StoredEvent | NewEvent | undefined)[]): (string | undefined)[] {
  return events.map((event) => event?.id);
}

function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] ?? Infinity));
}

function byNumber(a: number, b: number): number {
  return a - b;
}
