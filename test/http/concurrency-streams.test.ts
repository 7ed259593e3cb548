import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem, buildScenario, directEdit, expectStatus } from './fixtures.ts';
import { loadTogether, statuses, typesIn } from './race.ts';

t.test('members added to one team at the same moment are never lost nor doubled', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const stream = `team-${s.teamId}`;
  const newcomer = async (name: string) =>
    expectStatus(
      await app.request({
        method: 'POST',
        url: '/people',
        payload: { kind: 'employee', displayName: name },
      }),
      201,
      name,
    ).personId as string;
  const add = (personId: string) =>
    app.request({ method: 'POST', url: `/teams/${s.teamId}/members`, payload: { personId } });

  let conflicts = 0;
  for (const round of [1, 2, 3]) {
    if (round === 3) loadTogether(t, app, stream);
    const people = [await newcomer(`Ez Example ${round}`), await newcomer(`Fen Example ${round}`)];
    const responses = await Promise.all(people.map(add));
    const events = await app.runtime.store.readStream(stream);

    for (const [index, response] of responses.entries()) {
      const joined = events.filter(
        (e) => e.type === 'TeamMemberJoined' && e.data.personId === people[index],
      ).length;
      if (response.statusCode === 409) {
        conflicts += 1;
        assertProblem(t, response, 409, 'CONCURRENT_MODIFICATION');
        t.equal(joined, 0, `round ${round}: a refused member did not join`);
        t.equal(
          (await add(people[index]!)).statusCode,
          200,
          `round ${round}: the refused member joins on retry`,
        );
      } else {
        t.equal(response.statusCode, 200, `round ${round}: a member was added`);
        t.equal(joined, 1, `round ${round}: an added member joined exactly once`);
      }
    }
  }
  t.ok(conflicts >= 1, `the conflict path was exercised (${conflicts} conflicts in three rounds)`);

  const team = (await app.request({ method: 'GET', url: `/teams/${s.teamId}` })).json();
  t.equal(team.members.length, 9, 'three founders and six newcomers, each once');
  t.equal(new Set(team.members).size, 9, 'no one twice');
});

t.test('bodyless commands race for real: removing members, completing a review', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);

  const removed = await Promise.all(
    [s.employees[1], s.employees[2]].map((personId) =>
      app.request({ method: 'DELETE', url: `/teams/${s.teamId}/members/${personId}` }),
    ),
  );
  const left = (await typesIn(app, `team-${s.teamId}`)).filter(
    (type) => type === 'TeamMemberLeft',
  ).length;
  t.equal(
    left,
    removed.filter((r) => r.statusCode === 200).length,
    'one TeamMemberLeft per success',
  );
  for (const response of removed)
    t.ok([200, 409].includes(response.statusCode), 'each removal succeeded or got 409');

  const completed = await Promise.all(
    [1, 2].map(() => app.request({ method: 'POST', url: `/reviews/${s.reviewId}/completion` })),
  );
  t.same(statuses(completed), [200, 409], 'the review is completed once');
  const completions = (await typesIn(app, `review-${s.reviewId}`)).filter(
    (type) => type === 'ReviewCompleted',
  );
  t.equal(completions.length, 1, 'one ReviewCompleted event');
});

t.test('reviews, logs and acknowledgements are guarded too', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const review = `review-${s.reviewId}`;
  const before = (await typesIn(app, review)).length;

  loadTogether(t, app, review);
  const action = (description: string) =>
    app.request({
      method: 'POST',
      url: `/reviews/${s.reviewId}/actions`,
      payload: { description, ownerId: s.employees[0], dueOn: '2025-04-01' },
    });
  const actions = await Promise.all([
    action('Ask reception about schools.'),
    action('Buy warmer towels.'),
  ]);
  t.same(statuses(actions), [201, 409], 'one decision recorded, one told to retry');
  t.equal((await typesIn(app, review)).length, before + 1, 'one event appended to the review');

  loadTogether(t, app, `log-${s.logId}`);
  const close = () =>
    app.request({
      method: 'POST',
      url: `/learning-logs/${s.logId}/closure`,
      payload: { reason: 'Ten swims done.' },
    });
  t.same(statuses(await Promise.all([close(), close()])), [200, 409], 'the log is closed once');
  t.same(
    (await typesIn(app, `log-${s.logId}`)).filter((type) => type === 'LearningLogClosed').length,
    1,
    'one LearningLogClosed event',
  );

  expectStatus(await directEdit(app, s.profileUrl, 0, 'Tea first.'), 201, 'profile version 1');
  expectStatus(
    await directEdit(app, `/teams/${s.teamId}/plan`, 0, 'Swap shifts openly.', {
      section: 'how-we-support-each-other',
    }),
    201,
    'plan version 1',
  );
  const acks = `acknowledgements-${s.employees[0]}`;
  loadTogether(t, app, acks);
  const acknowledge = (url: string) =>
    app.request({
      method: 'POST',
      url: `${url}/acknowledgements`,
      key: s.employeeKeys[0],
      payload: { version: 1 },
    });
  const acknowledged = await Promise.all([
    acknowledge(s.profileUrl),
    acknowledge(`/teams/${s.teamId}/plan`),
  ]);
  t.same(
    statuses(acknowledged),
    [201, 409],
    'one acknowledgement lands, the other is told to retry',
  );
  t.equal(
    (await typesIn(app, acks)).length,
    1,
    "one event in the employee's acknowledgement stream",
  );
});
