import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import t, { type Test } from 'tap';
import { verifyReadModels } from '../../projections/engine/verify.ts';
import { personIdForExternalRef } from '../../src/domain/person-ids.ts';
import { logStart } from '../../src/event-store/log-cursor.ts';
import { openRuntime, projections } from '../../src/runtime.ts';
import { firstAdminKey, exited, startInstance, type Instance } from '../helpers/instances.ts';
import { fillUp, mountExt4, mountTmpfs } from '../helpers/mounts.ts';

/*
 * The embedded store on a disk that fills up, and on one the kernel turns
 * read-only, under a running service (#5). A write the disk cannot take is
 * answered with a clear 503 and leaves nothing behind; the process stays up
 * and says it cannot write; once space returns it takes writes again by
 * itself. Every write answered 201 is stored exactly once, the database file
 * passes SQLite's integrity check, and the read models equal a rebuild.
 */

const organisation = 'default';
const readModelWaitMs = 1500;
/** Longer than any answer may take: a write waits for the read models at most readModelWaitMs. */
const slowestAnswerMs = readModelWaitMs + 3000;
const writers = 4;

/** What one write was answered with. */
interface Outcome {
  readonly kind: 'registration' | 'team';
  readonly status: number;
  readonly code: unknown;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  readonly ms: number;
  /** The team formed, when it was. */
  readonly teamId?: string;
}

const reference = (n: number) => `DISK-${n}`;

/**
 * Writes and what each was answered. Registrations carry a reference and an
 * Idempotency-Key of their own; teams are formed without a key, so the write
 * goes straight to the event store's group commit.
 */
class Writes {
  readonly outcomes = new Map<number, Outcome>();
  #next = 0;

  constructor(
    private readonly server: () => Instance,
    readonly key: string,
  ) {}

  registration(n = this.#take(), idempotencyKey = `disk-${n}`): Promise<Outcome> {
    const body = {
      kind: 'supported-person',
      displayName: `Disk Example ${n}`,
      externalRef: reference(n),
    };
    return this.#send(n, 'registration', '/people', body, { 'idempotency-key': idempotencyKey });
  }

  team(n = this.#take()): Promise<Outcome> {
    return this.#send(n, 'team', '/teams', { name: `Disk team ${n}` }, {});
  }

  /** Writes from several clients at once until `enough` says so, or for `forMs` at most. */
  async load(enough: () => boolean, forMs: number): Promise<void> {
    const until = Date.now() + forMs;
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        while (!enough() && Date.now() < until) {
          await (writer % 2 === 0 ? this.registration() : this.team());
        }
      }),
    );
  }

  registrations(): number[] {
    return this.#where((outcome) => outcome.kind === 'registration');
  }

  formedTeams(): string[] {
    return [...this.outcomes.values()].flatMap((outcome) => outcome.teamId ?? []);
  }

  answered(kind: Outcome['kind'] = 'registration'): number[] {
    return this.#where((outcome) => outcome.kind === kind && outcome.status === 201);
  }

  refused(code: string, kind: Outcome['kind'] = 'registration'): number[] {
    return this.#where((outcome) => outcome.kind === kind && outcome.code === code);
  }

  /** Answers other than a 201 or a clear 503 that says when to come back. */
  unclear(): Array<[number, Outcome]> {
    return [...this.outcomes].filter(([, outcome]) => outcome.status !== 201 && !isClear(outcome));
  }

  slowest(): number {
    return Math.max(...[...this.outcomes.values()].map((outcome) => outcome.ms));
  }

  #take(): number {
    return (this.#next += 1);
  }

  async #send(
    n: number,
    kind: Outcome['kind'],
    path: string,
    body: object,
    headers: Record<string, string>,
  ): Promise<Outcome> {
    const started = performance.now();
    const answer = await this.server().request('POST', path, { key: this.key, body, headers });
    const outcome = {
      kind,
      status: answer.status,
      code: answer.body.code,
      contentType: answer.headers.get('content-type'),
      retryAfter: answer.headers.get('retry-after'),
      ms: Math.round(performance.now() - started),
      ...(kind === 'team' && answer.status === 201 ? { teamId: answer.body.teamId as string } : {}),
    };
    this.outcomes.set(n, outcome);
    return outcome;
  }

  #where(test: (outcome: Outcome) => boolean): number[] {
    return [...this.outcomes].filter(([, outcome]) => test(outcome)).map(([n]) => n);
  }
}

function isClear(outcome: Outcome): boolean {
  return (
    outcome.status === 503 &&
    ['STORE_UNAVAILABLE', 'READ_MODELS_BEHIND'].includes(outcome.code as string) &&
    /^application\/problem\+json/.test(outcome.contentType ?? '') &&
    outcome.retryAfter !== null
  );
}

t.test(
  'a full disk: clear 503s, nothing half-written, writes again once space returns',
  async (t) => {
    // Room for the service and a few dozen writes, which fill the write-ahead log by 65 kB each.
    const tmpfs = await mountTmpfs(t, 8192);
    if ('refused' in tmpfs) return t.skip(tmpfs.refused, () => {});
    const dir = tmpfs.mounted;
    const server = await startInstance(t, serviceEnv(dir));
    const writes = new Writes(() => server, await firstAdminKey(server));

    for (let i = 0; i < 10; i += 1) await writes.registration();
    t.equal(writes.answered().length, 10, 'writes are answered 201 while there is space');

    const filler = fillUp(dir);
    const refusedEnough = () =>
      writes.refused('STORE_UNAVAILABLE').length >= 8 &&
      writes.refused('STORE_UNAVAILABLE', 'team').length >= 8;
    await writes.load(refusedEnough, 20_000);
    t.ok(
      refusedEnough(),
      `once the disk is full, writes answer 503 STORE_UNAVAILABLE (${describe(writes)})`,
    );
    t.same(writes.unclear(), [], 'every other answer is a 201 or a 503 problem with Retry-After');
    t.ok(writes.slowest() < slowestAnswerMs, `none hangs (slowest ${writes.slowest()} ms)`);
    await checkDegraded(t, server, writes);

    rmSync(filler);
    const first = await writes.registration();
    t.equal(first.status, 201, 'space back: the next write is stored, without a restart');
    const after = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? writes.registration() : writes.team())),
    );
    t.same(
      after.filter((outcome) => outcome.status !== 201),
      [],
      'and so are the writes after it',
    );
    await checkReady(t, server);

    const refused = writes.refused('STORE_UNAVAILABLE');
    t.same(storedOf(dir, refused), [], 'no write answered STORE_UNAVAILABLE left an event behind');
    await retryAll(t, writes, refused);
    await stopAndVerify(t, server, dir, writes);
  },
);

t.test('a disk the kernel turns read-only: clear 503s, and nothing is lost', async (t) => {
  const ext4 = await mountExt4(t, 16);
  if ('refused' in ext4) return t.skip(ext4.refused, () => {});
  const disk = ext4.mounted;
  let server = await startInstance(t, serviceEnv(disk.dir));
  const writes = new Writes(() => server, await firstAdminKey(server));
  for (let i = 0; i < 5; i += 1) await writes.registration();
  t.equal(writes.answered().length, 5, 'writes are answered 201 while the disk is writable');

  await disk.fail();
  await writes.load(() => writes.outcomes.size >= 21, 10_000);
  t.same(
    [...writes.outcomes].filter(([n, outcome]) => n > 5 && outcome.code !== 'STORE_UNAVAILABLE'),
    [],
    `every write after it answers 503 STORE_UNAVAILABLE (${describe(writes)})`,
  );
  t.same(writes.unclear(), [], 'as a problem with Retry-After');
  t.ok(writes.slowest() < slowestAnswerMs, `none hangs (slowest ${writes.slowest()} ms)`);
  await checkDegraded(t, server, writes);

  // Linux turns a file system with errors read-only for good: it takes a repair and a restart.
  server.child.kill('SIGTERM');
  await exited(server.child);
  t.equal(server.child.exitCode, 0, 'the service stops cleanly on the read-only disk');
  await disk.repair();
  server = await startInstance(t, serviceEnv(disk.dir));
  const refused = writes.refused('STORE_UNAVAILABLE');
  t.same(storedOf(disk.dir, refused), [], 'no write answered 503 left an event behind');
  await retryAll(t, writes, refused);
  await stopAndVerify(t, server, disk.dir, writes);
});

function serviceEnv(dir: string): Record<string, string> {
  return {
    LEARNING_LOG_DATA_DIR: dir,
    LEARNING_LOG_RATE_LIMIT: 'off',
    LEARNING_LOG_READ_MODEL_WAIT_MS: String(readModelWaitMs),
  };
}

function describe(writes: Writes): string {
  const counts = new Map<string, number>();
  for (const { status, code } of writes.outcomes.values()) {
    const label = status === 201 ? '201' : `${status} ${String(code)}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => `${count} × ${label}`).join(', ');
}

/** While the disk takes no writes: the process is up, says so, and answers what needs no write. */
async function checkDegraded(t: Test, server: Instance, writes: Writes): Promise<void> {
  const key = writes.key;
  t.equal(server.child.exitCode, null, 'the process is still running');
  t.equal((await server.request('GET', '/health/live')).status, 200, 'it is live');
  const ready = await server.request('GET', '/health/ready');
  t.equal(ready.status, 503, 'not ready');
  t.match(
    ready.body,
    { status: 'not-ready', storeAvailable: true, storeWritable: false },
    'because the store takes no writes',
  );
  t.equal((await server.request('GET', '/api-keys', { key })).status, 200, 'keys still list');

  // A read of someone's records is answered only once it is in the read log, which is a write.
  const read = await server.request('GET', `/people/${personIdOf(writes.answered()[0]!)}`, { key });
  t.ok(
    read.status === 200 || (read.status === 503 && read.body.code === 'STORE_UNAVAILABLE'),
    `a read of a record is answered, or refused with 503 when it cannot be logged (${read.status})`,
  );
}

async function checkReady(t: Test, server: Instance): Promise<void> {
  let ready = await server.request('GET', '/health/ready');
  for (let waited = 0; ready.body.position !== ready.body.head && waited < 5000; waited += 100) {
    await sleep(100);
    ready = await server.request('GET', '/health/ready');
  }
  t.equal(ready.status, 200, 'ready again');
  t.match(ready.body, { storeWritable: true }, 'the store takes writes');
  t.equal(ready.body.position, ready.body.head, 'and the read models caught up by themselves');
}

/**
 * Retries each refused write with its own Idempotency-Key, as a client told
 * to retry would: it is stored now. A key whose first attempt could not even
 * be released on the full disk is freed within a second or two.
 */
async function retryAll(t: Test, writes: Writes, refused: readonly number[]): Promise<void> {
  const unsettled: Array<[number, unknown]> = [];
  for (const n of refused) {
    let outcome = await writes.registration(n);
    for (let tries = 0; outcome.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS' && tries < 30; tries++) {
      await sleep(100);
      outcome = await writes.registration(n);
    }
    if (outcome.status !== 201) unsettled.push([n, outcome.code]);
  }
  t.same(unsettled, [], `each of the ${refused.length} refused writes is stored on retry`);
}

/** Which of these writes have an event in the log, read beside the running service. */
function storedOf(dir: string, ns: readonly number[]): number[] {
  const db = new Database(join(dir, 'learning-log.db'), { readonly: true });
  try {
    const count = db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM events WHERE stream = ?',
    );
    return ns.filter((n) => count.get(`person-${personIdOf(n)}`)!.n > 0);
  } finally {
    db.close();
  }
}

async function stopAndVerify(t: Test, server: Instance, dir: string, writes: Writes) {
  server.child.kill('SIGTERM');
  await exited(server.child);
  t.equal(server.child.exitCode, 0, 'the service stops cleanly');

  const file = join(dir, 'learning-log.db');
  const db = new Database(file, { readonly: true });
  t.same(db.pragma('integrity_check'), [{ integrity_check: 'ok' }], 'the database file is sound');
  db.close();

  const runtime = await openRuntime(
    { databaseFile: file, readModelWaitMs: 5000 },
    pino({ level: 'silent' }),
  );
  t.teardown(() => runtime.close());
  const events = await runtime.store.readAll({ after: logStart, limit: 100_000 });
  const ids = (type: string, field: string) =>
    events.filter((event) => event.type === type).map((event) => event.data[field] as string);
  const attempted = writes.registrations().map(personIdOf);
  t.same(
    ids('PersonRegistered', 'personId').toSorted(),
    attempted.toSorted(),
    'every registration is stored exactly once',
  );
  // Teams were not retried: those answered 201, and those stored but not yet readable, are there.
  const teams = ids('TeamFormed', 'teamId');
  const answered = writes.formedTeams();
  t.ok(
    answered.every((teamId) => teams.filter((formed) => formed === teamId).length === 1),
    'every team answered 201 is stored exactly once',
  );
  t.equal(
    teams.length,
    answered.length + writes.refused('READ_MODELS_BEHIND', 'team').length,
    'and no team refused with STORE_UNAVAILABLE is stored',
  );
  t.same(
    await verifyReadModels(runtime.store, runtime.readStore, projections),
    [],
    'the read models equal a fresh rebuild of the log',
  );
}

function personIdOf(n: number): string {
  return personIdForExternalRef(organisation, reference(n));
}
