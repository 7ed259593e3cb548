import t from 'tap';
import { eventsConcerning } from '../../projections/subject-access/events.ts';
import { buildTestApp, organisation } from '../helpers/app.ts';
import { assertProblem, buildScenario, entryBody, expectStatus, unknownId } from './fixtures.ts';
import {
  elsewhereActingAs,
  exportOf,
  feedOf,
  idsOf,
  livedIn,
  names,
  type Event,
} from './subject-access-scenario.ts';

t.test('a supported person’s export holds everything about her, and nothing else', async (t) => {
  const app = await buildTestApp(t);
  const { s, ulla, ullasLog, ullasEntry } = await livedIn(app);
  const wren = s.personId;

  // The API never issues it, but a key elsewhere made out to her id shows that the scan keeps to
  // her organisation's log rather than trusting ids to be unique across organisations.
  const strayEvent = await elsewhereActingAs(app, wren);

  const before = await app.eventCount();
  const { response, body } = await exportOf(app, wren);
  t.equal(await app.eventCount(), before, 'the export writes nothing to the event store');
  t.match(response.headers['content-type'], /^application\/json/, 'answered as JSON');
  t.equal(
    response.headers['content-disposition'],
    `attachment; filename="subject-access-${wren}.json"`,
    'offered as a download named for the person',
  );

  t.equal(body.organisation, organisation, 'names the organisation');
  t.ok(Date.parse(body.generatedAt) > 0, 'says when it was put together');
  t.match(body.person, { personId: wren, kind: 'supported-person' }, 'the directory record');
  t.same(
    body.teams.supportedBy.map((team: { teamId: string }) => team.teamId),
    [s.teamId],
    'the team that supports her',
  );
  t.same(body.teams.memberOf, [], 'a member of no team');

  t.same(
    body.logsAbout.map((about: { log: { logId: string } }) => about.log.logId),
    [s.logId],
    'the log about her, not Ulla’s',
  );
  const [about] = body.logsAbout;
  t.same(
    about.entries.map((entry: { entryId: string }) => entry.entryId).sort(),
    [...s.entryIds].sort(),
    'every entry of the log, the withdrawn one too',
  );
  const amended = about.entries.find(
    (entry: { entryId: string }) => entry.entryId === s.entryIds[0],
  );
  t.equal(amended.original.place, entryBody((w) => w, '').place, 'the entry as first written');
  t.match(
    amended.amendments,
    [{ reason: 'Wrong place.', content: { place: 'the teaching pool' } }],
    'and its amendment, with the reason',
  );
  const withdrawn = about.entries.find((e: { entryId: string }) => e.entryId === s.entryIds[2]);
  t.match(withdrawn.withdrawal, { reason: 'Written about the wrong day.' }, 'the withdrawal');
  t.same(
    about.reviews[0].decisions.map((d: { kind: string; status?: string }) => d.status ?? d.kind),
    ['applied', 'action', 'sharing', 'needs-no-record'],
    'the review of the log with its decisions',
  );

  t.same(
    body.profile.versions.map((v: { version: number }) => v.version),
    [1, 2],
    'every version of her profile',
  );
  t.same(
    body.profile.versions[1].sections['how-to-support'].map((x: { text: string }) => x.text),
    ['Ask once, then wait for my sign.'],
    'each version as it stood',
  );
  t.match(
    body.profile.changes,
    [{ basis: { kind: 'insight' } }, { basis: { kind: 'direct-edit' } }],
    'and what made each version',
  );
  t.same(body.entriesWritten, [], 'she wrote no entries');
  t.same(body.decisions, [], 'no decision names her');

  const feed = await feedOf(app);
  const events: Event[] = body.events;
  t.same(
    idsOf(events),
    idsOf(feed.filter((event) => names(event, wren, s.logId, s.reviewId))),
    'the events that name her, her log or its review: all of them, in log order',
  );
  const types = new Set(events.map((event) => event.type));
  for (const type of [
    'PersonRegistered',
    'TeamStartedSupportingPerson',
    'LearningLogOpened',
    'LearningEntryRecorded',
    'LearningEntryAmended',
    'LearningEntryWithdrawn',
    'ReviewStarted',
    'InsightProposed',
    'ActionAgreed',
    'SharingAgreed',
    'DocumentStatementAdded',
    'DocumentVersionAcknowledged',
  ])
    t.ok(types.has(type), `events include ${type}`);
  t.equal(events.filter((e) => e.type === 'LearningEntryRecorded').length, 3, 'all three entries');
  t.notOk(
    events.some((event) => names(event, ulla, ullasLog, ullasEntry)),
    'nothing of Ulla’s',
  );
  t.notOk(
    events.some((event) => event.type === 'PersonRegistered' && event.data.personId !== wren),
    'no one else’s registration',
  );
  t.notOk(
    events.some((event) => event.type === 'TeamMemberJoined'),
    'no team membership',
  );
  t.notOk(idsOf(events).includes(strayEvent), 'no event of another organisation');
  t.match(
    events[0],
    { stream: `person-${wren}`, revision: 0, actor: { role: String }, correlationId: String },
    'each event with its whole envelope',
  );
  t.same(
    idsOf(await eventsConcerning(app.runtime.store, organisation, wren, 2)),
    idsOf(events),
    'read two events a page, the log gives the same events',
  );

  t.same(
    body.reads.map((read: { operation: string; subject: { id: string } }) => [
      read.operation,
      read.subject.id,
    ]),
    [
      ['getPeoplePersonIdProfile', wren],
      ['getEntriesEntryId', wren],
    ],
    'who read her records: the profile and an entry, not Ulla’s record',
  );
  const again = await exportOf(app, wren);
  t.match(
    again.body.reads.at(-1),
    { operation: 'getPeoplePersonIdSubjectAccess', actor: { role: 'admin' } },
    'the export itself is recorded in the read log',
  );
});

t.test('an employee’s export holds what they wrote, decided, own and read', async (t) => {
  const app = await buildTestApp(t);
  const { s, bram, cass, dov, ulla, ullasEntry } = await livedIn(app);

  const before = await app.eventCount();
  const { body } = await exportOf(app, bram);
  t.equal(await app.eventCount(), before, 'the export writes nothing to the event store');

  t.match(body.person, { personId: bram, kind: 'employee' }, 'the directory record');
  t.same(
    body.teams.memberOf.map((team: { teamId: string }) => team.teamId),
    [s.teamId],
    'the team he is a member of',
  );
  t.same(body.logsAbout, [], 'no log is about him');
  t.same(
    body.entriesWritten.map((entry: { entryId: string }) => entry.entryId),
    [s.entryIds[0]],
    'his entry, not Cass’s or Dov’s',
  );
  t.equal(body.entriesWritten[0].amendments.length, 1, 'with its amendment');
  t.same(
    body.decisions.map((d: { decision: { kind: string }; relations: string[] }) => [
      d.decision.kind,
      d.relations,
    ]),
    [
      ['insight', ['decided']],
      ['action', ['owns']],
      ['sharing', ['decided']],
    ],
    'decisions he took, and the action Cass agreed that he owns',
  );
  t.match(
    body.acknowledgements,
    [{ document: { kind: 'one-page-profile', subjectId: s.personId }, version: 2 }],
    'the version he acknowledged',
  );
  t.same(
    body.profile.versions.map((v: { version: number }) => v.version),
    [1],
    'his own profile, every version',
  );

  const feed = await feedOf(app);
  const events: Event[] = body.events;
  t.same(
    idsOf(events),
    idsOf(feed.filter((event) => event.actor.id === bram || names(event, bram, s.entryIds[0]))),
    'the events he caused or that name him or his entry: all of them, in log order',
  );
  const recorded = events.filter((event) => event.type === 'LearningEntryRecorded');
  t.same(
    recorded.map((event) => event.data.entryId),
    [s.entryIds[0]],
    'of the entries, only his own',
  );
  t.ok(
    events.some((event) => event.type === 'ActionAgreed' && event.actor.id === cass),
    'the action Cass agreed for him',
  );
  t.ok(
    events.some((event) => event.type === 'InsightProposed' && event.actor.id === cass),
    'the insight Cass rested on his entry',
  );
  t.notOk(
    events.some((event) => event.type === 'LearningEntryWithdrawn'),
    'not Dov withdrawing Dov’s entry',
  );
  t.notOk(
    events.some((event) => event.type === 'PersonRegistered' && event.data.personId !== bram),
    'no one else’s registration',
  );
  t.notOk(
    events.some((event) => names(event, ulla, ullasEntry)),
    'nothing about Ulla',
  );
  t.notOk(
    events.some((event) => event.stream === `acknowledgements-${dov}`),
    'nothing from Dov’s streams',
  );
  t.same(body.reads, [], 'no one read records about him');
});

t.test('only admins may ask, and only about their own organisation’s people', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  const url = `/people/${s.personId}/subject-access`;

  for (const role of ['author', 'reviewer', 'auditor', 'integration'] as const) {
    const before = await app.eventCount();
    const response = await app.request({ method: 'GET', url, key: await app.keyFor(role) });
    assertProblem(t, response, 403, 'FORBIDDEN');
    t.equal(await app.eventCount(), before, `${role}: nothing written`);
  }
  assertProblem(
    t,
    await app.request({
      method: 'GET',
      url: `/people/${s.employees[0]}/subject-access`,
      key: s.employeeKeys[0],
    }),
    403,
    'FORBIDDEN',
  );

  const elsewhere = 'another-organisation';
  const theirAdmin = await app.keyFor('admin', { tenant: elsewhere });
  const theirs = expectStatus(
    await app.request({
      method: 'POST',
      url: '/people',
      key: theirAdmin,
      payload: { kind: 'supported-person', displayName: 'Vida Elsewhere' },
    }),
    201,
    'another organisation registers a person',
  ).personId as string;

  const nobody = await app.request({ method: 'GET', url: `/people/${unknownId}/subject-access` });
  const other = await app.request({ method: 'GET', url: `/people/${theirs}/subject-access` });
  assertProblem(t, nobody, 404, 'PERSON_NOT_FOUND');
  assertProblem(t, other, 404, 'PERSON_NOT_FOUND');
  t.equal(
    other.body.split(theirs).join('<id>'),
    nobody.body.split(unknownId).join('<id>'),
    'another organisation’s person is answered as no one',
  );
  t.notOk(other.body.includes('Vida'), 'nothing of theirs shows');

  const own = expectStatus(
    await app.request({ method: 'GET', url: `/people/${theirs}/subject-access`, key: theirAdmin }),
    200,
    'their own admin may export',
  );
  t.same(own.reads, [], 'the refused export from elsewhere left no read of their person');
});
