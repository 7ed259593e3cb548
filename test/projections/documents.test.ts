import t from 'tap';
import { documentsProjection } from '../../projections/documents/projection.ts';
import { foldProjection } from '../../projections/engine/projection.ts';
import type { ChangeBasis } from '../../src/domain/events.ts';
import { documentStream, type DocumentRef } from '../../src/domain/vocabulary.ts';
import {
  asObject,
  clock,
  employee,
  History,
  id,
  ORG,
  OSKAR,
  OTHER_ORG,
  TEAM,
  WREN,
} from './events.ts';
import { projected } from './read-models.ts';

const profile: DocumentRef = { kind: 'one-page-profile', subjectId: WREN };
const plan: DocumentRef = { kind: 'team-plan', subjectId: TEAM };
const LOCKER = id(71);
const PLAN = id(72);
const HANDOVER = id(73);
const edit: ChangeBasis = { kind: 'direct-edit', reason: 'From the first meeting with Wren.' };

function edits(): History {
  const history = new History({ actor: employee(OSKAR, 'reviewer') });
  const stream = documentStream(profile);
  const on = (version: number, section: string, statementId: string) =>
    ({ document: profile, basis: edit, version, section, statementId }) as const;

  const locker = { ...on(1, 'important-to', LOCKER), text: 'Choosing my own locker.' };
  history.record(stream, 'DocumentStatementAdded', locker);
  const plain = { ...on(2, 'how-to-support', PLAN), text: 'Say the plan once.' };
  history.record(stream, 'DocumentStatementAdded', plain);
  const card = {
    ...on(3, 'how-to-support', PLAN),
    text: 'Say the plan once and show the picture card.',
  };
  history.record(stream, 'DocumentStatementReworded', card);
  history.record(stream, 'DocumentStatementRemoved', on(4, 'important-to', LOCKER));
  const threeLines = 'Handover notes are three lines, read aloud at the door.';
  const handover = { ...on(1, 'agreed-and-learned', HANDOVER), document: plan, text: threeLines };
  history.record(documentStream(plan), 'DocumentStatementAdded', handover);
  return history;
}

const change = (
  version: number,
  operation: string,
  section: string,
  statementId: string,
  text: string | null,
  previousText: string | null,
) => ({
  version,
  recordedAt: clock(version),
  authorId: OSKAR,
  via: employee(OSKAR).via,
  operation,
  section,
  statementId,
  text,
  previousText,
  basis: edit,
});

t.test('every change makes a version; earlier versions stay as they were', async (t) => {
  const docs = foldProjection(documentsProjection, edits().events);
  const key = documentStream(profile);
  const changes = [
    change(1, 'add', 'important-to', LOCKER, 'Choosing my own locker.', null),
    change(2, 'add', 'how-to-support', PLAN, 'Say the plan once.', null),
    change(
      3,
      'reword',
      'how-to-support',
      PLAN,
      'Say the plan once and show the picture card.',
      'Say the plan once.',
    ),
    change(4, 'remove', 'important-to', LOCKER, null, 'Choosing my own locker.'),
  ];
  const sections = (importantTo: string[], howToSupport: [string, string][]) => ({
    appreciation: [],
    'important-to': importantTo.map((text) => ({ statementId: LOCKER, text })),
    'how-to-support': howToSupport.map(([statementId, text]) => ({ statementId, text })),
  });

  t.strictSame(
    docs.get(`document:${key}`),
    {
      document: profile,
      tenant: ORG,
      version: 4,
      sections: sections([], [[PLAN, 'Say the plan once and show the picture card.']]),
      updatedAt: clock(4),
      changes,
    },
    'the current profile with its whole history',
  );
  t.strictSame(
    docs.get(`version:${key}:1`),
    {
      document: profile,
      version: 1,
      sections: sections(['Choosing my own locker.'], []),
      change: changes[0],
    },
    'version 1 still holds only the locker',
  );
  t.strictSame(
    docs.get(`version:${key}:2`)?.['sections'],
    sections(['Choosing my own locker.'], [[PLAN, 'Say the plan once.']]),
    'version 2 before the rewording',
  );
  t.strictSame(
    docs.get(`version:${key}:3`)?.['change'],
    changes[2],
    'version 3 keeps the wording it replaced',
  );
  t.strictSame(
    docs.get(`version:${key}:4`)?.['sections'],
    docs.get(`document:${key}`)?.['sections'],
    'the newest version is the current one',
  );
});

t.test('a team plan is its own document with the plan sections', async (t) => {
  const docs = foldProjection(documentsProjection, edits().events);
  const current = docs.get(`document:${documentStream(plan)}`);

  t.equal(current?.['version'], 1, 'first version of the plan');
  t.strictSame(
    Object.keys(current?.['sections'] as object),
    [
      'purpose',
      'who-we-are',
      'important-to-us',
      'how-we-support-each-other',
      'core-duties',
      'judgement-and-creativity',
      'not-ours-to-do',
      'agreed-and-learned',
    ],
    'the eight team-plan sections',
  );
  t.strictSame(Object.keys(asObject(docs)).length, 7, 'two current documents and five versions');
});

t.test('the document at a version and at an instant', async (t) => {
  const { queries } = await projected(t, edits().events);
  const documents = queries.documents;
  const empty = { appreciation: [], 'important-to': [], 'how-to-support': [] };

  t.strictSame(
    await documents.atVersion(ORG, profile, 0),
    { document: profile, version: 0, sections: empty, since: null },
    'version 0 is empty',
  );
  t.match(
    await documents.atVersion(ORG, profile, 3),
    {
      version: 3,
      since: clock(3),
      sections: { 'how-to-support': [{ text: 'Say the plan once and show the picture card.' }] },
    },
    'version 3',
  );
  t.equal(await documents.atVersion(ORG, profile, 5), undefined, 'no version 5');
  t.equal(
    await documents.atVersion(OTHER_ORG, profile, 1),
    undefined,
    'not for another organisation',
  );
  t.equal(
    await documents.atVersion(ORG, { kind: 'one-page-profile', subjectId: id(9) }, 1),
    undefined,
    'not for an unchanged document',
  );

  const versionAt = async (instant: string) =>
    (await documents.atInstant(ORG, profile, instant)).version;
  t.equal(await versionAt(clock(0)), 0, 'before the first change: the empty version 0');
  t.equal(await versionAt(clock(2)), 2, 'at the very instant of a change: that version');
  t.equal(
    await versionAt('2025-03-03T09:02:30+01:00'),
    2,
    'half a minute later, written with an offset',
  );
  t.equal(await versionAt('2026-01-01T00:00:00Z'), 4, 'long after: the newest');
  t.equal(
    (await documents.atInstant(OTHER_ORG, profile, clock(9))).version,
    0,
    'another organisation sees nothing of it',
  );
  t.strictSame(
    await documents.current(ORG, { kind: 'team-plan', subjectId: id(11) }),
    {
      document: { kind: 'team-plan', subjectId: id(11) },
      version: 0,
      sections: Object.fromEntries(
        [
          'purpose',
          'who-we-are',
          'important-to-us',
          'how-we-support-each-other',
          'core-duties',
          'judgement-and-creativity',
          'not-ours-to-do',
          'agreed-and-learned',
        ].map((s) => [s, []]),
      ),
      since: null,
    },
    'a plan never changed is version 0 with empty sections',
  );
});

t.test('a change to a statement the document does not have stops the fold', async (t) => {
  for (const type of ['DocumentStatementReworded', 'DocumentStatementRemoved'] as const) {
    const history = edits();
    const change = {
      document: profile,
      version: 5,
      section: 'appreciation',
      statementId: id(79),
      basis: edit,
    };
    if (type === 'DocumentStatementReworded')
      history.record(documentStream(profile), type, { ...change, text: 'A new wording.' });
    else history.record(documentStream(profile), type, change);

    t.throws(
      () => foldProjection(documentsProjection, history.events),
      /no statement/,
      `${type} of an unknown statement`,
    );
  }
});
