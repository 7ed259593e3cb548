import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import type { Test } from 'tap';
import type { Role } from '../../src/http/auth/api-keys.ts';
import { permissions } from '../../src/http/auth/permissions.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import {
  activityTimes,
  assertProblem,
  buildScenario,
  entryBody,
  expectStatus,
} from './fixtures.ts';
import { cases, plainQuery, type Case } from './isolation-cases.ts';
import {
  build,
  leaksIn,
  nobodysRecords,
  normalised,
  operationsOf,
  refFields,
  type Built,
  type Operation,
} from './isolation-walk.ts';
import {
  organisationOf,
  seedOrganisation,
  type Organisation,
  type Records,
} from './organisations.ts';
import { assertReplay } from './replay.ts';

/** Every text organisation B writes carries this word, so an answer that shows any of it is caught. */
const marker = 'Bramblewick';

t.test("a caller of organisation A cannot read, change or learn of B's records", async (t) => {
  const app = await buildTestApp(t);
  const orgA = await organisationOf(app, 'org-a');
  const orgB = await organisationOf(app, 'org-b');
  const b = await seedOrganisation(orgB, (what) => `${what} ${marker}`);
  const a = await seedOrganisation(orgA, (what) => what);
  const nobody = nobodysRecords();
  const served = await app.request({ method: 'GET', url: '/openapi.json', key: null });
  // Reads first: a write of A's own (a person under B's external reference) would show in them.
  const operations = operationsOf(served.json()).sort(
    (x, y) => Number(x.method !== 'GET') - Number(y.method !== 'GET'),
  );

  const tokens = await tokensOf(app, orgB);
  const before = await snapshotOf(t, app, orgB, operations, b);
  const walk = { app, orgA, a, b, nobody, tokens };

  for (const operation of operations) {
    if (operation.isPublic) continue;
    await t.test(operation.name, async (t) => {
      const listed = cases[operation.operationId];
      const roles = permissions[operation.operationId] ?? [];
      t.ok(listed, `${operation.operationId} has a case in isolation-cases.ts`);
      t.ok(roles.length > 0, `${operation.operationId} has a row in the permission table`);
      if (listed === undefined) return;

      const requests = [listed].flat() as Case[];
      for (const request of requests) await walkCase(t, walk, operation, request, roles);
      assertEveryIdNamed(t, operation, requests);
    });
  }

  t.same(
    await snapshotOf(t, app, orgB, operations, b),
    before,
    'every read of B answers B as before: nothing of B changed',
  );
});

// Idempotency records are kept per organisation and key: B's answer never reaches A.
t.test('an Idempotency-Key that B used answers A afresh', async (t) => {
  const app = await buildTestApp(t);
  const orgA = await organisationOf(app, 'org-a');
  const orgB = await organisationOf(app, 'org-b');
  const { logId } = await buildScenario(orgB.app);

  const entry = {
    method: 'POST' as const,
    url: `/learning-logs/${logId}/entries`,
    headers: { 'idempotency-key': 'tablet-sync-0001' },
    payload: entryBody((what) => `${what} ${marker}`, activityTimes[1]),
  };
  const fromB = await app.request({ ...entry, key: orgB.keys.author });
  const entryId = expectStatus(fromB, 201, 'B records an entry').entryId as string;

  const before = await app.eventCount();
  const fromA = await app.request({ ...entry, key: orgA.keys.author });
  assertProblem(t, fromA, 404, 'LOG_NOT_FOUND');
  t.equal(fromA.headers['idempotent-replayed'], undefined, "A is not given B's answer");
  t.notOk(fromA.body.includes(entryId), "A's answer does not name B's entry");
  t.equal(await app.eventCount(), before, 'nothing appended for A');
  assertReplay(t, fromB, await app.request({ ...entry, key: orgB.keys.author }), "B's retry");

  const team = {
    method: 'POST' as const,
    url: '/teams',
    headers: { 'idempotency-key': 'rota-sync-0002' },
    payload: { name: 'Rowan Court team' },
  };
  const teamOfB = expectStatus(await app.request({ ...team, key: orgB.keys.admin }), 201, 'B');
  const second = await app.request({ ...team, key: orgA.keys.admin });
  t.equal(second.statusCode, 201, 'the same key, path and body form a team for A');
  t.equal(second.headers['idempotent-replayed'], undefined, 'not as a replay');
  t.not(second.json().teamId, teamOfB.teamId, "A's team is its own");

  const reused = { ...team, headers: { 'idempotency-key': 'rota-sync-0003' } };
  expectStatus(await app.request({ ...reused, key: orgB.keys.admin }), 201, 'B forms another');
  const otherBody = await app.request({
    ...reused,
    key: orgA.keys.admin,
    payload: { name: 'Birch Walk team' },
  });
  t.equal(otherBody.statusCode, 201, 'a key B used for another body is no reuse for A');
});

interface Walk {
  readonly app: TestApp;
  readonly orgA: Organisation;
  readonly a: Records;
  readonly b: Records;
  readonly nobody: Records;
  readonly tokens: ReadonlySet<string>;
}

/**
 * Sends one case from A: with B's ids in the path (with every role that may
 * call it), then with B's id at each other place an id goes; each time also
 * with an id that names nothing, and the two answers must be the same.
 * Without any id, the request is sent once and must show nothing of B.
 */
async function walkCase(
  t: Test,
  walk: Walk,
  operation: Operation,
  request: Case,
  roles: readonly Role[],
): Promise<void> {
  const { a, b, nobody } = walk;
  const probe = build(operation, request, (_, kind) => a[kind]);
  const variant = (from: Records, at: (position: number) => boolean) =>
    build(operation, request, (position, kind) => (at(position) ? from : a)[kind]);

  if (probe.pathRefs > 0) {
    const inPath = (position: number) => position < probe.pathRefs;
    const [theirs, nobodys] = [variant(b, inPath), variant(nobody, inPath)];
    for (const role of roles) {
      const what = `${role}, B's ids in the path`;
      const answer = await sameAsForNobody(t, walk, role, theirs, nobodys, what);
      t.equal(answer.statusCode, 404, `${what}: 404`);
      t.match(answer.headers['content-type'], /^application\/problem\+json/, `${what}: a problem`);
    }
  }

  for (const [position, { kind }] of probe.refs.entries()) {
    // A path with one id was sent with B's id above already.
    if (position < probe.pathRefs && probe.pathRefs === 1) continue;
    const at = (p: number) => p === position;
    const what = `${roles[0]}, B's ${kind} as id ${position + 1} of ${operation.name}`;
    await sameAsForNobody(t, walk, roles[0]!, variant(b, at), variant(nobody, at), what);
  }

  if (probe.refs.length === 0) {
    const response = await sendFromA(t, walk, roles[0]!, probe, `${operation.name} without ids`);
    t.ok(response.statusCode < 300, `${operation.name}: answers A (${response.statusCode})`);
    if (operation.method === 'GET') {
      const ownSeen = Object.values(a).some((id) => response.body.includes(id));
      t.ok(
        ownSeen,
        `${operation.name}: the list shows A's own records, so its check means something`,
      );
    }
  }
}

/** Sends B's variant and nobody's variant: the same answer, never 403, never a write to B. */
async function sameAsForNobody(
  t: Test,
  walk: Walk,
  role: Role,
  theirs: Built,
  nobodys: Built,
  what: string,
): Promise<LightMyRequestResponse> {
  const toTheirs = await sendFromA(t, walk, role, theirs, what);
  const toNobodys = await sendFromA(t, walk, role, nobodys, `${what} (ids of nobody)`);

  t.not(toTheirs.statusCode, 403, `${what}: not refused as forbidden, which would tell it exists`);
  const created = theirs.method === 'POST' && toTheirs.statusCode < 300;
  if (created) {
    // A new record of A's own: its id is new each time, so only the outcome can match.
    t.equal(toTheirs.statusCode, toNobodys.statusCode, `${what}: the same outcome as for nobody`);
  } else {
    t.equal(
      normalised(toTheirs, theirs, nobodys),
      normalised(toNobodys, nobodys, theirs),
      `${what}: the same answer as for ids that name nothing`,
    );
  }
  return toTheirs;
}

async function sendFromA(
  t: Test,
  { app, orgA, tokens }: Walk,
  role: Role,
  built: Built,
  what: string,
): Promise<LightMyRequestResponse> {
  const before = await app.eventCount();
  const response = await app.request({
    method: built.method as 'GET',
    url: built.url,
    headers: built.headers,
    key: orgA.keys[role],
    ...(built.payload === undefined ? {} : { payload: built.payload as object }),
  });

  if (response.statusCode >= 300)
    t.equal(await app.eventCount(), before, `${what}: refused, nothing appended`);
  t.same(leaksIn(response, built, tokens), [], `${what}: the answer shows nothing of B`);
  return response;
}

/** Every query parameter and body field that names a record is filled through `ref`. */
function assertEveryIdNamed(t: Test, operation: Operation, requests: readonly Case[]): void {
  const queried = new Set(
    requests.flatMap((request) => Object.keys(request.query?.(() => 'x') ?? {})),
  );
  for (const name of operation.queryNames) {
    if (plainQuery.has(name)) continue;
    t.ok(queried.has(name), `${operation.name}: ?${name} is tried with B's ids`);
  }

  const filled = new Set(requests.flatMap((request) => refFields(operation, request)));
  for (const field of operation.bodyIdFields) {
    t.ok(filled.has(field), `${operation.name}: body ${field} is tried with B's ids`);
  }
}

/** Everything that would betray B: every id in B's events, B's key prefixes, and B's word. */
async function tokensOf(app: TestApp, orgB: Organisation): Promise<Set<string>> {
  const feed = await app.request({
    method: 'GET',
    url: '/events?limit=1000',
    key: orgB.keys.auditor,
  });
  const keys = await app.request({ method: 'GET', url: '/api-keys', key: orgB.keys.admin });
  const text = `${feed.body} ${keys.body}`;
  const ids = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
  const prefixes = [...text.matchAll(/"prefix":"([0-9a-f]{12})"|key:([0-9a-f]{12})/g)].map(
    (match) => match[1] ?? match[2]!,
  );
  return new Set([...ids, ...prefixes, marker]);
}

/** What B reads through every GET operation with its own ids: all there, so A's 404s mean something. */
async function snapshotOf(
  t: Test,
  app: TestApp,
  orgB: Organisation,
  operations: readonly Operation[],
  b: Records,
): Promise<Record<string, string>> {
  const answers: Record<string, string> = {};
  for (const operation of operations) {
    if (operation.isPublic || operation.method !== 'GET') continue;
    for (const request of [cases[operation.operationId] ?? []].flat() as Case[]) {
      const built = build(operation, request, (_, kind) => b[kind]);
      const role = permissions[operation.operationId]![0]!;
      const response = await app.request({ method: 'GET', url: built.url, key: orgB.keys[role] });
      t.equal(response.statusCode, 200, `B reads its own records: ${operation.name}`);
      // Reading with a key marks it used: that is B's own doing, not A's.
      const body = response.body.replace(/"lastUsedAt":("[^"]*"|null)/g, '');
      answers[built.url] =
        operation.operationId === 'getPeoplePersonIdSubjectAccess'
          ? withoutOwnReads(body, orgB)
          : body;
    }
  }
  return answers;
}

/**
 * A subject access export as it stood apart from B's reading it: when it was
 * made, and the reads B's own keys made while this test read B's records.
 * Any other read of B's person, such as one of A's, still shows.
 */
function withoutOwnReads(body: string, orgB: Organisation): string {
  const own = new Set(Object.values(orgB.keys).map((key) => `key:${key.split('_')[1]}`));
  const { generatedAt: _, reads, ...rest } = JSON.parse(body);
  const others = reads.filter((read: { actor: { via: string } }) => !own.has(read.actor.via));
  return JSON.stringify({ ...rest, reads: others });
}
