import type { InjectOptions } from 'fastify';
import t from 'tap';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import {
  activityTimes,
  applyInsight,
  buildScenario,
  directEdit,
  expectStatus,
  marked,
} from './fixtures.ts';

type Step = [InjectOptions & { url: string; key?: string }, number];

t.test('no personal value sent to the API reaches the log', async (t) => {
  const app = tracking(await buildTestApp(t));

  const { say, seeded } = marked('privacyqz');
  const query = (what: string) => encodeURIComponent(say(what));

  const s = await buildScenario(app, say);
  const entry = `/entries/${s.entryIds[0]}`;
  const review = `/reviews/${s.reviewId}`;
  const post = (url: string, payload: object, status: number, key?: string): Step => [
    { method: 'POST', url, payload, ...(key === undefined ? {} : { key }) },
    status,
  ];
  const insight = (finding: string, reason: string) => ({
    finding: say(finding),
    category: 'how-to-support',
    entryIds: [s.entryIds[1]],
    noRecordReason: say(reason),
  });

  const writes: Step[] = [
    post(
      `${entry}/amendments`,
      { reason: say('She said the pool was cold'), changes: { learned: say('Bring her towel') } },
      200,
      s.employeeKeys[0],
    ),
    post(
      `/entries/${s.entryIds[2]}/withdrawal`,
      { reason: say('About Mo Sample by mistake') },
      200,
    ),
    post(
      `${review}/actions`,
      { description: say('Call her sister Pip'), ownerId: s.employees[1], dueOn: '2025-04-01' },
      201,
    ),
    post(
      `${review}/sharing`,
      { audience: 'family', detail: say('Her brother Quin'), method: say('Phone on Sunday') },
      201,
    ),
    post(`${review}/insights`, insight('She dislikes loud rooms', 'Already in her plan'), 201),
    post(
      `/learning-logs/${s.logId}/reviews`,
      { upTo: activityTimes[2], others: [say('Aunt Rue Sample')] },
      201,
    ),
    post(
      '/api-keys',
      {
        role: 'author',
        actor: { kind: 'employee', personId: s.employees[1] },
        label: say('Cass phone'),
      },
      201,
    ),
  ];
  const answers = [];
  for (const [request, status] of writes)
    answers.push(expectStatus(await app.request(request), status, request.url));
  const token = answers.at(-1)!.key as string;

  const extra = await app.request(
    post(`${review}/insights`, insight('Warm drink', 'Once'), 201)[0],
  );
  const declineUrl = `${review}/insights/${expectStatus(extra, 201, 'insight').decisionId}/decline`;
  const more: Step[] = [
    post(declineUrl, { reason: say('Only one swim shows it') }, 200),
    post(`${review}/completion`, {}, 200),
    post(`/learning-logs/${s.logId}/closure`, { reason: say('Wren moved to Vale House') }, 200),
  ];
  for (const [request, status] of more)
    expectStatus(await app.request(request), status, request.url);
  expectStatus(await applyInsight(app, s, 0, say('Choosing my own locker')), 201, 'applied');
  const edit = await directEdit(app, s.profileUrl, 1, say('Say the plan once'), {
    reason: say('Her mum Tia asked us'),
  });
  expectStatus(edit, 201, 'direct edit');
  const plan = await directEdit(app, `/teams/${s.teamId}/plan`, 0, say('We cover for Uma'), {
    section: 'how-we-support-each-other',
  });
  expectStatus(plan, 201, 'plan edit');
  const [ack, acked] = post(
    `${s.profileUrl}/acknowledgements`,
    { version: 2 },
    201,
    s.employeeKeys[1],
  );
  expectStatus(await app.request(ack), acked, 'acknowledged');

  // Personal values in query strings and paths, and in bodies the API refuses.
  const takenRef = seeded.find((value) => value.startsWith('emp-fiction-001'));
  const refused: Step[] = [
    [{ method: 'GET', url: `/people?externalRef=${query('nhs-fiction-4455')}` }, 200],
    [{ method: 'GET', url: `/learning-logs/${s.logId}/entries?authorId=${query('Bram')}` }, 200],
    [{ method: 'GET', url: `/people?externalRef=${query('x'.repeat(300))}` }, 400],
    [{ method: 'GET', url: `/people/${query('Ada')}` }, 400],
    post('/people', { kind: 'visitor', displayName: say('Vic Sample') }, 400),
    post('/people', { kind: 'employee', displayName: say('Wyn'), externalRef: takenRef }, 409),
    post(
      `${entry}/amendments`,
      { reason: say('Zed said so'), changes: { learned: 'y'.repeat(5000) } },
      400,
    ),
    [
      {
        method: 'POST',
        url: '/teams',
        headers: { 'content-type': 'application/json' },
        payload: `{"name": "${say('Xan')}"`,
      },
      400,
    ],
    [
      {
        method: 'POST',
        url: '/teams',
        headers: { 'content-type': 'text/plain' },
        payload: say('Yara'),
      },
      415,
    ],
  ];
  for (const [request, status] of refused)
    expectStatus(await app.request(request), status, request.url);

  // The writes the scenario has no other use for, so that every write operation carries values.
  const last: Step[] = [
    post(`/teams/${s.teamId}/plan/acknowledgements`, { version: 1 }, 201, s.employeeKeys[2]),
    [{ method: 'DELETE', url: `/teams/${s.teamId}/members/${s.employees[2]}` }, 200],
    [{ method: 'DELETE', url: `/teams/${s.teamId}/supported-people/${s.personId}` }, 200],
    [{ method: 'DELETE', url: `/api-keys/${token.split('_')[1]}` }, 200],
    post(`/people/${s.employees[2]}/erasure`, { reason: say('Dov asked, by letter') }, 200),
  ];
  for (const [request, status] of last)
    expectStatus(await app.request(request), status, request.url);
  const document = (await app.request({ method: 'GET', url: '/openapi.json', key: null })).json();
  t.same(
    writeOperations(document).filter((operation) => !app.sent(operation.method, operation.path)),
    [],
    'every write operation in the API was sent personal values',
  );

  const log = app.logText();
  t.ok(app.logLines.length > 50, 'the app did log');
  for (const value of seeded) {
    const unique = value.slice(value.lastIndexOf(' ') + 1);
    t.notOk(log.includes(unique), `not in the log: the value seeded as "${value.slice(0, 40)}"`);
  }
  for (const word of [
    'Bram Placeholder',
    'Wren Testperson',
    'Harbour Street',
    'emp-fiction',
    'locker',
  ]) {
    t.notOk(log.includes(word), `not in the log: ${word}`);
  }
  for (const key of [token, ...s.employeeKeys]) t.notOk(log.includes(key), 'no API key in the log');
});

t.test('request log lines carry neither the client address nor the query string', async (t) => {
  const app = await buildTestApp(t);
  await app.request({ method: 'GET', url: '/people?externalRef=emp-fiction-777' });
  await app.request({ method: 'GET', url: '/events?after=0&limit=5' });
  await app.request({ method: 'GET', url: '/health/live?probe=kubelet', key: null });
  await app.request({ method: 'GET', url: '/people/Wren%20Testperson' });
  // Ten digits, shaped like a health-service number.
  await app.request({ method: 'GET', url: '/people/4857773456' });

  const requestLines = app.logLines.filter((line) => line.req !== undefined);
  t.ok(requestLines.length >= 4, 'there are request lines to check');
  for (const line of requestLines) {
    const req = line.req as Record<string, unknown>;
    const what = `"${String(line.msg)}" for ${String(req.path)}`;
    t.notOk(
      'remoteAddress' in req || 'remotePort' in req || 'ip' in req,
      `no client address in ${what}`,
    );
    t.notOk(JSON.stringify(req).includes('?'), `no query string in ${what}`);
    t.notOk('headers' in req, `no request headers in ${what}`);
  }
  t.ok(
    requestLines.some((line) => (line.req as { path: string }).path === '/people/*'),
    'a name in the path is masked',
  );

  const log = app.logText();
  t.notOk(log.includes('127.0.0.1'), 'the client address appears nowhere');
  t.notOk(log.includes('emp-fiction-777'), 'the looked-up reference appears nowhere');
  t.notOk(log.includes('Wren'), 'the name put in the path appears nowhere');
  t.notOk(log.includes('4857773456'), 'nor a long number put in the path');
  t.notOk(log.toLowerCase().includes('bearer'), 'no authorization header appears');
});

type Operation = { method: string; path: string };

function writeOperations(document: { paths: Record<string, Record<string, unknown>> }) {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => method === 'post' || method === 'delete')
      .map((method): Operation => ({ method: method.toUpperCase(), path })),
  );
}

/** The app, noting every request it is sent, so the test can tell which operations it reached. */
function tracking(app: TestApp): TestApp & { sent(method: string, path: string): boolean } {
  const requests: Array<{ method: string; url: string }> = [];
  return {
    ...app,
    get logLines() {
      return app.logLines;
    },
    request: (options) => {
      requests.push({ method: String(options.method), url: String(options.url).split('?')[0]! });
      return app.request(options);
    },
    sent: (method, path) => {
      const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
      return requests.some((request) => request.method === method && pattern.test(request.url));
    },
  };
}
