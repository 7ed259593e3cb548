import t from 'tap';
import { StoreUnavailableError } from '../../src/event-store/errors.ts';
import { roles } from '../../src/event-store/port.ts';
import { permissions } from '../../src/http/auth/permissions.ts';
import { readSubjects } from '../../src/http/record-reads/subjects.ts';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem, buildScenario, expectStatus, unknownId } from './fixtures.ts';

type Operations = Record<string, Record<string, { operationId: string }>>;

t.test(
  'every answered read of someone’s records is recorded, and listed to auditors',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);
    const keys = Object.fromEntries(
      await Promise.all(roles.map(async (role) => [role, await app.keyFor(role)] as const)),
    );
    const auditor = keys.auditor!;
    const document = (await app.request({ method: 'GET', url: '/openapi.json', key: null })).json();

    const fill: Record<string, string> = {
      personId: s.personId,
      teamId: s.teamId,
      logId: s.logId,
      entryId: s.entryIds[0],
      reviewId: s.reviewId,
      version: '0',
    };
    const subjects: Record<string, string> = {
      getPeople: 'none',
      getLearningLogs: 'none',
      getReviewQueue: 'none',
      getEvents: 'none',
    };

    for (const [path, operations] of Object.entries(document.paths as Operations)) {
      const get = operations.get;
      if (get === undefined || path.startsWith('/health/')) continue;
      const { operationId } = get;
      const decision = readSubjects[operationId];
      t.ok(decision, `${operationId}: the read-audit table decides whether it is recorded`);
      if (decision === undefined || decision === 'unrecorded') continue;

      const role = permissions[operationId]![0]!;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => fill[name]!);
      const query = operationId === 'getPeople' ? '?externalRef=CR-FICTION-1' : '';
      expectStatus(
        await app.request({ method: 'GET', url: url + query, key: keys[role] }),
        200,
        url,
      );

      const expected =
        subjects[operationId] ?? (path.startsWith('/teams/') ? s.teamId : s.personId);
      const whose = expected === 'none' ? '' : `subjectId=${expected}&`;
      const listed = expectStatus(
        await app.request({
          method: 'GET',
          url: `/record-reads?${whose}actorId=system:test-${role}&limit=200`,
          key: auditor,
        }),
        200,
        'listed',
      );
      const read = listed.items.findLast(
        (item: { operation: string }) => item.operation === operationId,
      );
      t.ok(read, `${operationId}: recorded`);
      t.match(
        read,
        {
          actor: { id: `system:test-${role}`, role, via: /^key:/ },
          path: url,
          subject: expected === 'none' ? null : { id: expected },
        },
        `${operationId}: who, what, whose and through which key`,
      );
      t.ok(Date.parse(read?.readAt) > 0, `${operationId}: when`);
    }
  },
);

t.test('what is not recorded, and who may see the read log', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const auditor = await app.keyFor('auditor');
  const reviewer = await app.keyFor('reviewer');
  const list = async (key: string, query = '') =>
    expectStatus(
      await app.request({ method: 'GET', url: `/record-reads?${query}`, key }),
      200,
      'list',
    ).items as Array<{ operation: string; path: string; subject: unknown }>;

  await app.request({ method: 'GET', url: `/people/${unknownId}/profile`, key: reviewer });
  await app.request({ method: 'GET', url: `/api-keys` });
  await app.request({ method: 'GET', url: `/people?externalRef=CR-FICTION-77`, key: reviewer });
  const reads = await list(auditor);
  t.notOk(
    reads.some((read) => read.path.includes(unknownId)),
    'a read that found nothing is not recorded',
  );
  t.notOk(
    reads.some((read) => read.operation === 'getApiKeys'),
    'reads of keys are not reads of anyone’s records',
  );
  t.ok(
    reads.some((read) => read.operation === 'getPeople' && read.path === '/people'),
    'a list is recorded, without its query string',
  );
  t.notOk(JSON.stringify(reads).includes('CR-FICTION-77'), 'no query value is kept');

  assertProblem(
    t,
    await app.request({ method: 'GET', url: '/record-reads', key: reviewer }),
    403,
    'FORBIDDEN',
  );
  const elsewhere = await app.keyFor('auditor', { tenant: 'another-organisation' });
  t.same(await list(elsewhere), [], 'another organisation’s auditor sees none of these reads');

  await app.request({ method: 'GET', url: s.profileUrl, key: reviewer });
  const head = await app.request({
    method: 'HEAD',
    url: `/entries/${s.entryIds[0]}`,
    key: reviewer,
  });
  t.equal(head.statusCode, 200, 'a HEAD request is answered');
  t.ok(
    (await list(auditor, `subjectId=${s.personId}`)).some(
      (read) => read.path === `/entries/${s.entryIds[0]}`,
    ),
    'and recorded like the GET it stands for',
  );
  const first = await list(auditor, `subjectId=${s.personId}&limit=1`);
  t.equal(first.length, 1, 'pages hold up to the limit');
  const page = expectStatus(
    await app.request({ method: 'GET', url: `/record-reads?limit=1`, key: auditor }),
    200,
    'page',
  );
  const next = expectStatus(
    await app.request({
      method: 'GET',
      url: `/record-reads?limit=1&after=${page.next}`,
      key: auditor,
    }),
    200,
    'next page',
  );
  t.ok(next.items[0].sequence > page.items[0].sequence, 'the next page follows on');
  t.same(
    await list(auditor, `from=2099-01-01T00:00:00Z`),
    [],
    'a time window in the future holds nothing',
  );
});

t.test('a read whose record cannot be stored is not answered', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const reviewer = await app.keyFor('reviewer');
  const readAudit = app.runtime.storage.readAudit;
  const append = readAudit.append;
  readAudit.append = async () => {
    throw new StoreUnavailableError(new Error('disk gone'));
  };
  t.teardown(() => {
    readAudit.append = append;
  });

  const response = await app.request({ method: 'GET', url: s.profileUrl, key: reviewer });
  assertProblem(t, response, 503, 'STORE_UNAVAILABLE');
  t.notMatch(response.body, /important-to|appreciation/, 'the profile did not leave');

  // What SQLite itself throws on a full disk is refused the same way.
  readAudit.append = async () => {
    throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  };
  const full = await app.request({ method: 'GET', url: s.profileUrl, key: reviewer });
  assertProblem(t, full, 503, 'STORE_UNAVAILABLE');

  readAudit.append = append;
  const later = await app.request({ method: 'GET', url: s.profileUrl, key: reviewer });
  t.equal(later.statusCode, 200, 'once the store takes the record again, the read is answered');
});
