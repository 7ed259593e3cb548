import t from 'tap';
import { acknowledgementsProjection } from '../../projections/acknowledgements/projection.ts';
import { foldProjection } from '../../projections/engine/projection.ts';
import { acknowledgementStream } from '../../src/domain/acknowledgement.ts';
import { personStream } from '../../src/domain/person.ts';
import { teamStream } from '../../src/domain/team.ts';
import { documentStream, type DocumentRef } from '../../src/domain/vocabulary.ts';
import {
  asObject,
  clock,
  employee,
  History,
  id,
  INES,
  ORG,
  OSKAR,
  OTHER_ORG,
  RAVI,
  TEAM,
  TOBIAS,
  WREN,
  registerWren,
} from './events.ts';
import { projected } from './read-models.ts';

const profile: DocumentRef = { kind: 'one-page-profile', subjectId: WREN };
const plan: DocumentRef = { kind: 'team-plan', subjectId: TEAM };
const by = { actor: employee(OSKAR, 'reviewer') };

function acknowledge(
  history: History,
  employeeId: string,
  document: DocumentRef,
  version: number,
): void {
  history.record(
    acknowledgementStream(employeeId),
    'DocumentVersionAcknowledged',
    { document, version, employeeId },
    { actor: employee(employeeId) },
  );
}

function addTo(
  history: History,
  document: DocumentRef,
  version: number,
  section: string,
  text: string,
): void {
  const basis = { kind: 'direct-edit' as const, reason: 'Agreed at the team meeting.' };
  history.record(
    documentStream(document),
    'DocumentStatementAdded',
    { document, version, section, statementId: id(70 + version), text, basis },
    by,
  );
}

/** Positions 1-13: a team of Tobias and Ines supports Wren; her profile has two versions. */
function homeTeam(): History {
  const history = new History();
  registerWren(history);
  for (const [personId, displayName] of [
    [TOBIAS, 'Tobias Quill'],
    [INES, 'Ines Marlow'],
    [RAVI, 'Ravi Ashdown'],
  ] as const) {
    history.record(personStream(personId), 'PersonRegistered', {
      personId,
      kind: 'employee',
      displayName,
      externalRef: null,
    });
  }
  history.record(teamStream(TEAM), 'TeamFormed', {
    teamId: TEAM,
    name: 'Larkspur House',
    purpose: null,
  });
  history.record(teamStream(TEAM), 'TeamMemberJoined', { teamId: TEAM, personId: TOBIAS });
  history.record(teamStream(TEAM), 'TeamMemberJoined', { teamId: TEAM, personId: INES });
  history.record(teamStream(TEAM), 'TeamStartedSupportingPerson', { teamId: TEAM, personId: WREN });
  addTo(history, profile, 1, 'important-to', 'Choosing my own locker.');
  addTo(history, profile, 2, 'how-to-support', 'Say the plan once and show the picture card.');
  acknowledge(history, TOBIAS, profile, 1);
  acknowledge(history, INES, profile, 1);
  acknowledge(history, TOBIAS, profile, 2);
  return history;
}

t.test('acknowledgements by document and by employee', async (t) => {
  const docs = foldProjection(acknowledgementsProjection, homeTeam().events);

  t.strictSame(
    asObject(docs),
    {
      [`document:${documentStream(profile)}`]: {
        document: profile,
        byEmployee: {
          [TOBIAS]: [
            { version: 1, acknowledgedAt: clock(11) },
            { version: 2, acknowledgedAt: clock(13) },
          ],
          [INES]: [{ version: 1, acknowledgedAt: clock(12) }],
        },
      },
      [`employee:${TOBIAS}`]: {
        employeeId: TOBIAS,
        acknowledged: [
          { version: 1, acknowledgedAt: clock(11), document: profile },
          { version: 2, acknowledgedAt: clock(13), document: profile },
        ],
      },
      [`employee:${INES}`]: {
        employeeId: INES,
        acknowledged: [{ version: 1, acknowledgedAt: clock(12), document: profile }],
      },
    },
    'every document, exactly',
  );
});

t.test('who has read the latest version, and who owes it', async (t) => {
  const { queries } = await projected(t, homeTeam().events);
  const acks = queries.acknowledgements;

  t.strictSame(
    await acks.readersOf(ORG, profile),
    {
      document: profile,
      latestVersion: 2,
      readers: [
        {
          employeeId: TOBIAS,
          acknowledgedVersion: 2,
          acknowledgedAt: clock(13),
          owesLatest: false,
        },
        { employeeId: INES, acknowledgedVersion: 1, acknowledgedAt: clock(12), owesLatest: true },
      ],
    },
    'Tobias has read version 2; Ines read only version 1',
  );
  t.strictSame(
    await acks.owedBy(ORG, INES),
    [{ document: profile, latestVersion: 2, acknowledgedVersion: 1 }],
    'Ines owes the profile',
  );
  t.strictSame(await acks.owedBy(ORG, TOBIAS), [], 'Tobias owes nothing');
  t.strictSame(await acks.owedBy(ORG, RAVI), [], 'Ravi is in no team yet, so owes nothing');
  t.strictSame(
    await acks.owedBy(OTHER_ORG, INES),
    [],
    'another organisation learns nothing about Ines',
  );
  t.strictSame(
    (await acks.acknowledgementsFrom(profile, 1)).map((ack) => [ack.employeeId, ack.version]),
    [
      [TOBIAS, 1],
      [INES, 1],
    ],
    'first acknowledgement of version 1 or later, in time order',
  );
  t.strictSame(
    (await acks.acknowledgementsFrom(profile, 2)).map((ack) => ack.employeeId),
    [TOBIAS],
    'only Tobias has read version 2',
  );
});

t.test('version 0 of a document is owed by no one', async (t) => {
  const { queries } = await projected(t, homeTeam().events);

  t.strictSame(
    await queries.acknowledgements.readersOf(ORG, plan),
    {
      document: plan,
      latestVersion: 0,
      readers: [
        { employeeId: TOBIAS, acknowledgedVersion: null, acknowledgedAt: null, owesLatest: false },
        { employeeId: INES, acknowledgedVersion: null, acknowledgedAt: null, owesLatest: false },
      ],
    },
    'the team plan was never written: nobody owes it',
  );
});

t.test('a new team member owes the current version; a leaver owes nothing', async (t) => {
  const history = homeTeam();
  const { queries, append } = await projected(t, history.events);
  const before = history.events.length;
  history.record(teamStream(TEAM), 'TeamMemberJoined', { teamId: TEAM, personId: RAVI });
  history.record(teamStream(TEAM), 'TeamMemberLeft', { teamId: TEAM, personId: INES });
  addTo(history, plan, 1, 'agreed-and-learned', 'Handover notes are three lines, read aloud.');
  await append(history.events.slice(before));

  t.strictSame(
    await queries.acknowledgements.owedBy(ORG, RAVI),
    [
      { document: plan, latestVersion: 1, acknowledgedVersion: null },
      { document: profile, latestVersion: 2, acknowledgedVersion: null },
    ],
    "Ravi owes the team plan and Wren's profile as they stand now",
  );
  t.strictSame(
    await queries.acknowledgements.owedBy(ORG, INES),
    [],
    'Ines left the team: she owes nothing',
  );
  t.strictSame(
    (await queries.acknowledgements.readersOf(ORG, profile)).readers.map((reader) => [
      reader.employeeId,
      reader.owesLatest,
    ]),
    [
      [TOBIAS, false],
      [RAVI, true],
    ],
    "the profile's readers are the current team",
  );
});
