import t from 'tap';
import { directoryProjection } from '../../projections/directory/projection.ts';
import { DirectoryQueries } from '../../projections/directory/queries.ts';
import { foldProjection } from '../../projections/engine/projection.ts';
import { personStream } from '../../src/domain/person.ts';
import { teamStream } from '../../src/domain/team.ts';
import {
  asObject,
  clock,
  History,
  id,
  INES,
  OSKAR,
  OTHER_ORG,
  ORG,
  TEAM,
  TOBIAS,
  WREN,
} from './events.ts';
import { projected } from './read-models.ts';

function people(history: History): void {
  history.record(personStream(WREN), 'PersonRegistered', {
    personId: WREN,
    kind: 'supported-person',
    displayName: 'Wren Halloway',
    externalRef: 'CR-0042',
  });
  history.record(personStream(TOBIAS), 'PersonRegistered', {
    personId: TOBIAS,
    kind: 'employee',
    displayName: 'Tobias Quill',
    externalRef: null,
  });
  history.record(personStream(INES), 'PersonRegistered', {
    personId: INES,
    kind: 'employee',
    displayName: 'Ines Marlow',
    externalRef: null,
  });
  history.record(teamStream(TEAM), 'TeamFormed', {
    teamId: TEAM,
    name: 'Larkspur House',
    purpose: 'Support at home',
  });
}

t.test('people and teams: who is in which team and whom it supports', async (t) => {
  const history = new History();
  people(history);
  history.record(teamStream(TEAM), 'TeamMemberJoined', { teamId: TEAM, personId: TOBIAS });
  history.record(teamStream(TEAM), 'TeamMemberJoined', { teamId: TEAM, personId: INES });
  history.record(teamStream(TEAM), 'TeamStartedSupportingPerson', { teamId: TEAM, personId: WREN });
  history.record(teamStream(TEAM), 'TeamMemberLeft', { teamId: TEAM, personId: INES });

  const docs = foldProjection(directoryProjection, history.events);

  t.strictSame(
    asObject(docs),
    {
      [`person:${WREN}`]: {
        personId: WREN,
        tenant: ORG,
        kind: 'supported-person',
        displayName: 'Wren Halloway',
        externalRef: 'CR-0042',
        registeredAt: clock(1),
        memberOf: [],
        supportedBy: [TEAM],
      },
      [`external-ref:${ORG}:CR-0042`]: { personId: WREN },
      [`person:${TOBIAS}`]: {
        personId: TOBIAS,
        tenant: ORG,
        kind: 'employee',
        displayName: 'Tobias Quill',
        externalRef: null,
        registeredAt: clock(2),
        memberOf: [TEAM],
        supportedBy: [],
      },
      [`person:${INES}`]: {
        personId: INES,
        tenant: ORG,
        kind: 'employee',
        displayName: 'Ines Marlow',
        externalRef: null,
        registeredAt: clock(3),
        memberOf: [],
        supportedBy: [],
      },
      [`team:${TEAM}`]: {
        teamId: TEAM,
        tenant: ORG,
        name: 'Larkspur House',
        purpose: 'Support at home',
        formedAt: clock(4),
        members: [TOBIAS],
        supports: [WREN],
      },
    },
    'every document, exactly',
  );
});

t.test('a team that stops supporting a person is gone from both sides', async (t) => {
  const history = new History();
  people(history);
  history.record(teamStream(TEAM), 'TeamStartedSupportingPerson', { teamId: TEAM, personId: WREN });
  history.record(teamStream(TEAM), 'TeamStoppedSupportingPerson', { teamId: TEAM, personId: WREN });

  const docs = foldProjection(directoryProjection, history.events);

  t.same(docs.get(`team:${TEAM}`)?.['supports'], [], 'the team supports no one');
  t.same(docs.get(`person:${WREN}`)?.['supportedBy'], [], 'no team supports Wren');
});

t.test('events about other things touch no directory document', async (t) => {
  const history = new History();
  const opened = history.record('log-x', 'LearningLogOpened', {
    logId: id(20),
    subject: { kind: 'person', personId: WREN },
    purpose: 'Mornings that keep going wrong',
    reviewRhythm: 'weekly',
  });

  t.same(directoryProjection.keysOf(opened), [], 'no keys');
  t.equal(foldProjection(directoryProjection, history.events).size, 0, 'no documents');
});

t.test('queries answer only inside the caller organisation', async (t) => {
  const history = new History();
  people(history);
  history.record(
    personStream(OSKAR),
    'PersonRegistered',
    {
      personId: OSKAR,
      kind: 'employee',
      displayName: 'Oskar Fenn',
      externalRef: 'CR-0042',
    },
    { tenant: OTHER_ORG },
  );
  const { readStore } = await projected(t, history.events);
  const directory = new DirectoryQueries(readStore);

  t.equal((await directory.person(ORG, WREN))?.displayName, 'Wren Halloway', 'own person found');
  t.equal(
    await directory.person(OTHER_ORG, WREN),
    undefined,
    'another organisation does not see her',
  );
  t.equal(await directory.team(OTHER_ORG, TEAM), undefined, 'nor the team');
  t.equal(
    (await directory.personByExternalRef(ORG, 'CR-0042'))?.personId,
    WREN,
    'reference resolves in ORG',
  );
  t.equal(
    (await directory.personByExternalRef(OTHER_ORG, 'CR-0042'))?.personId,
    OSKAR,
    'the same reference elsewhere',
  );
  t.same(
    await directory.displayNames([WREN, TOBIAS, WREN, id(99)]),
    new Map([
      [WREN, 'Wren Halloway'],
      [TOBIAS, 'Tobias Quill'],
    ]),
    'names of known people, once each',
  );
});
