import t from 'tap';
import { openOrganisation } from '../application/organisation.ts';
import { OTHER_ORG, ORG } from './events.ts';
import { larkspurHouse } from './scenario.ts';
import { opened } from '../helpers/opened.ts';

const organisation = await openOrganisation(t);
const ids = await larkspurHouse(organisation);
const audit = opened(organisation.runtime, ORG, organisation.runtime.queries.auditTrail);
const person = (id: string, displayName: string) => ({ id, displayName });

t.test('backward: why the profile says what it says', async (t) => {
  const trail = await audit.ofDocument(ORG, ids.profile);
  const [quiet, laugh, reworded] = trail;
  const oskar = person(ids.oskar, 'Oskar Fenn');
  const tobias = person(ids.tobias, 'Tobias Quill');

  t.strictSame(
    trail.map((v) => [v.version, v.operation, v.section]),
    [
      [1, 'add', 'how-to-support'],
      [2, 'add', 'appreciation'],
      [3, 'reword', 'appreciation'],
    ],
    'three versions, oldest first',
  );
  t.match(
    quiet,
    {
      author: oskar,
      text: 'Use the quiet side entrance and start slowly.',
      previousText: null,
      reason: null,
      decision: {
        reviewId: ids.review,
        decisionId: ids.quiet,
        finding: 'Quiet entrances and calm starts help her join in.',
        category: 'how-to-support',
        status: 'applied',
        decidedBy: oskar,
        review: {
          completedAt: String,
          participants: [oskar, tobias, person(ids.ines, 'Ines Marlow')],
        },
      },
    },
    'version 1 came from the applied insight of the first review',
  );
  t.strictSame(
    quiet?.entries.map((e) => [e.entryId, e.author.displayName, e.activity]),
    [
      [ids.entries[0], 'Tobias Quill', 'Swimming'],
      [ids.entries[2], 'Tobias Quill', 'Breakfast out'],
    ],
    'resting on two entries, with who wrote them',
  );
  t.strictSame(
    quiet?.acknowledgedBy.map((a) => [a.displayName, a.version]),
    [
      ['Tobias Quill', 1],
      ['Ines Marlow', 1],
      ['Ravi Ashdown', 3],
    ],
    'read by Tobias and Ines at version 1, and by Ravi through version 3',
  );
  t.match(
    laugh,
    {
      reason: 'Maud told us at the review.',
      decision: null,
      entries: [],
      text: 'My laugh fills the room.',
    },
    'version 2 was a direct edit with its reason',
  );
  t.match(
    reworded,
    {
      previousText: 'My laugh fills the room.',
      text: 'People love my laugh.',
      reason: "In Wren's own words.",
    },
    'version 3 keeps the words it replaced',
  );
  t.strictSame(
    reworded?.acknowledgedBy.map((a) => a.displayName),
    ['Tobias Quill', 'Ravi Ashdown'],
    'only two have read version 3',
  );
  t.ok(
    trail.every((v, i) => i === 0 || trail[i - 1]!.recordedAt < v.recordedAt),
    'recorded in time order',
  );
});

t.test('backward, for one statement only', async (t) => {
  const laughId = (await audit.ofDocument(ORG, ids.profile))[1]!.statementId;

  const trail = await audit.ofDocument(ORG, ids.profile, laughId);

  t.strictSame(
    trail.map((v) => v.version),
    [2, 3],
    'the two changes to that statement',
  );
});

t.test('forward: what came of an entry', async (t) => {
  const swim = await audit.ofEntry(ORG, ids.entries[0]!);
  const allotment = await audit.ofEntry(ORG, ids.entries[4]!);
  const handover = await audit.ofEntry(ORG, ids.handovers[0]!);

  t.match(
    swim,
    {
      entry: {
        entryId: ids.entries[0],
        author: { displayName: 'Tobias Quill' },
        activity: 'Swimming',
        withdrawn: false,
      },
      decisions: [
        {
          decisionId: ids.quiet,
          status: 'applied',
          producedVersion: { document: ids.profile, version: 1, author: { id: ids.oskar } },
        },
      ],
    },
    'the swim led to version 1 of the profile',
  );
  t.strictSame(
    swim?.decisions[0]?.producedVersion?.acknowledgedBy.map((a) => a.id),
    [ids.tobias, ids.ines, ids.ravi],
    'and who has read it',
  );
  t.match(
    allotment?.decisions,
    [{ decisionId: ids.gloves, status: 'declined', producedVersion: null }],
    'the allotment insight was declined: no version',
  );
  t.strictSame(
    handover?.decisions.map((d) => [
      d.decisionId,
      d.status,
      d.producedVersion?.document.kind ?? null,
      d.producedVersion?.version ?? null,
    ]),
    [
      [ids.notes, 'applied', 'team-plan', 1],
      [ids.rota, 'declined', null, null],
    ],
    'the first handover fed the team plan and a declined insight',
  );
  t.strictSame(
    handover?.decisions[0]?.producedVersion?.acknowledgedBy.map((a) => a.displayName),
    ['Oskar Fenn'],
    'Oskar has read the plan',
  );
});

t.test('a withdrawn entry stays visible to auditors, with nothing resting on it', async (t) => {
  const trail = await audit.ofEntry(ORG, ids.entries[3]!);

  t.match(
    trail,
    { entry: { activity: 'Choosing audiobooks', withdrawn: true }, decisions: [] },
    'still there, marked withdrawn',
  );
});

t.test('another organisation sees no trail at all', async (t) => {
  t.equal(await audit.ofEntry(OTHER_ORG, ids.entries[0]!), undefined, 'no entry');
  t.strictSame(await audit.ofDocument(OTHER_ORG, ids.profile), [], 'no document history');
});
