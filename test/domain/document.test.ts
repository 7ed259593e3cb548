import t from 'tap';
import {
  documentDecider,
  type ChangeDocument,
  type ChangeReason,
  type StatementChange,
} from '../../src/domain/document.ts';
import { event, type ChangeBasis, type DomainEvent } from '../../src/domain/events.ts';
import type { InsightState } from '../../src/domain/review.ts';
import type { DocumentRef } from '../../src/domain/vocabulary.ts';
import { given } from './given.ts';

const MARGO = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e01';
const JUNO = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e02';
const TEAM = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e03';
const REVIEW = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e04';
const POOL_ENTRY = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e05';
const SECOND_POOL_ENTRY = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e06';
const EVENING_ENTRY = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e07';
const QUIET_POOL = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e08';
const PICTURE_CARD = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e09';
const NO_SUCH_INSIGHT = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e0a';
const BIG_LAUGH = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e11';
const OWN_CHOICES = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e12';
const NEW_STATEMENT = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e13';
const NO_SUCH_STATEMENT = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e14';
const EMPLOYEE = 'e1f2a3b4-c5d6-4e7f-a809-1a2b3c4d5e15';

const profile: DocumentRef = { kind: 'one-page-profile', subjectId: MARGO };
const junoProfile: DocumentRef = { kind: 'one-page-profile', subjectId: JUNO };
const teamPlan: DocumentRef = { kind: 'team-plan', subjectId: TEAM };

const firstMeeting = {
  kind: 'direct-edit',
  reason: 'Written with Margo at her first planning meeting.',
} as const;
const margoAsked = { kind: 'direct-edit', reason: 'Margo asked for this.' } as const;

const bigLaughAdded = event('DocumentStatementAdded', {
  document: profile,
  version: 1,
  section: 'appreciation',
  statementId: BIG_LAUGH,
  text: 'People say I have a big laugh.',
  basis: firstMeeting,
});
const ownChoicesAdded = event('DocumentStatementAdded', {
  document: profile,
  version: 2,
  section: 'important-to',
  statementId: OWN_CHOICES,
  text: 'Choosing my own things, like my locker and my towel.',
  basis: firstMeeting,
});
const bigLaughReworded = event('DocumentStatementReworded', {
  document: profile,
  version: 3,
  section: 'appreciation',
  statementId: BIG_LAUGH,
  text: 'People say my laugh fills the room.',
  basis: margoAsked,
});
const ownChoicesRemoved = event('DocumentStatementRemoved', {
  document: profile,
  version: 3,
  section: 'important-to',
  statementId: OWN_CHOICES,
  basis: margoAsked,
});
const profileSoFar: DomainEvent[] = [bigLaughAdded, ownChoicesAdded];

const quietPool: InsightState = {
  decisionId: QUIET_POOL,
  status: 'proposed',
  entryIds: [POOL_ENTRY, SECOND_POOL_ENTRY],
  destination: { document: profile, section: 'how-to-support' },
};
const pictureCard: InsightState = {
  decisionId: PICTURE_CARD,
  status: 'proposed',
  entryIds: [EVENING_ENTRY],
  destination: { document: profile, section: 'how-to-support' },
};
const quietPoolBasis: ChangeBasis = {
  kind: 'insight',
  reviewId: REVIEW,
  decisionId: QUIET_POOL,
  entryIds: [POOL_ENTRY, SECOND_POOL_ENTRY],
};
const quietPoolApplied = event('DocumentStatementAdded', {
  document: profile,
  version: 3,
  section: 'how-to-support',
  statementId: NEW_STATEMENT,
  text: 'Take me swimming before ten on a weekday, when the pool is quiet.',
  basis: quietPoolBasis,
});

const applying = (insight: InsightState | undefined, decisionId = QUIET_POOL): ChangeReason => ({
  kind: 'insight',
  reviewId: REVIEW,
  decisionId,
  insight,
});
const change = (
  statementChange: StatementChange,
  because: ChangeReason = margoAsked,
  document: DocumentRef = profile,
): ChangeDocument => ({
  type: 'ChangeDocument',
  document,
  change: statementChange,
  newStatementId: NEW_STATEMENT,
  because,
});
const add = (section: string, text: string) => change({ operation: 'add', section, text });
const reword = (section: string, statementId: string, text: string) =>
  change({ operation: 'reword', section, statementId, text });
const remove = (section: string, statementId: string) =>
  change({ operation: 'remove', section, statementId });
const addToTeamPlan = (section: string, text: string) =>
  change({ operation: 'add', section, text }, margoAsked, teamPlan);
const apply = (insight: InsightState | undefined, document = profile, section = 'how-to-support') =>
  change(
    { operation: 'add', section, text: quietPoolApplied.data.text },
    applying(insight),
    document,
  );

t.test('every change makes the next version', async (t) => {
  t.same(
    given(documentDecider).when(
      change(
        { operation: 'add', section: 'appreciation', text: bigLaughAdded.data.text },
        firstMeeting,
      ),
    ),
    [event('DocumentStatementAdded', { ...bigLaughAdded.data, statementId: NEW_STATEMENT })],
    'the first statement makes version 1 and carries the id it was given',
  );
  t.same(
    given(documentDecider, profileSoFar).when(
      add('how-to-support', 'Say the plan once, then show the picture card.'),
    ),
    [
      event('DocumentStatementAdded', {
        document: profile,
        version: 3,
        section: 'how-to-support',
        statementId: NEW_STATEMENT,
        text: 'Say the plan once, then show the picture card.',
        basis: margoAsked,
      }),
    ],
    'a statement added after two changes makes version 3',
  );
  t.same(
    given(documentDecider, profileSoFar).when(
      reword('appreciation', BIG_LAUGH, bigLaughReworded.data.text),
    ),
    [bigLaughReworded],
    'a rewording keeps the statement id and makes version 3',
  );
  t.same(
    given(documentDecider, profileSoFar).when(remove('important-to', OWN_CHOICES)),
    [ownChoicesRemoved],
    'a removal makes version 3',
  );
  t.same(
    given(documentDecider, [...profileSoFar, ownChoicesRemoved]).when(
      remove('appreciation', BIG_LAUGH),
    ),
    [
      {
        ...ownChoicesRemoved,
        data: {
          ...ownChoicesRemoved.data,
          version: 4,
          section: 'appreciation',
          statementId: BIG_LAUGH,
        },
      },
    ],
    'a removal counts as a version, so the next change makes version 4',
  );
  t.same(
    given(documentDecider).when(
      addToTeamPlan('purpose', 'We help Margo live well in her own flat.'),
    ),
    [
      event('DocumentStatementAdded', {
        document: teamPlan,
        version: 1,
        section: 'purpose',
        statementId: NEW_STATEMENT,
        text: 'We help Margo live well in her own flat.',
        basis: margoAsked,
      }),
    ],
    'a team plan starts at version 1 too',
  );
});

t.test('a change names a section and a statement the document has', async (t) => {
  t.equal(
    given(documentDecider, profileSoFar).when(
      reword('appreciation', BIG_LAUGH, bigLaughAdded.data.text),
    ),
    'STATEMENT_UNCHANGED',
    'the same words are no rewording',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(
      reword('appreciation', NO_SUCH_STATEMENT, 'People say I am kind.'),
    ),
    'STATEMENT_NOT_FOUND',
    'an unknown statement cannot be reworded',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(remove('appreciation', NO_SUCH_STATEMENT)),
    'STATEMENT_NOT_FOUND',
    'an unknown statement cannot be removed',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(remove('appreciation', OWN_CHOICES)),
    'STATEMENT_NOT_FOUND',
    'a statement is found only in its own section',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(remove('how-to-support', BIG_LAUGH)),
    'STATEMENT_NOT_FOUND',
    'a section with no statements yet has none to remove',
  );
  t.equal(
    given(documentDecider, [...profileSoFar, ownChoicesRemoved]).when(
      reword('important-to', OWN_CHOICES, 'Choosing my own clothes.'),
    ),
    'STATEMENT_NOT_FOUND',
    'a removed statement cannot be reworded',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(add('purpose', 'We help Margo live well.')),
    'UNKNOWN_SECTION',
    'a profile has no purpose section',
  );
  t.equal(
    given(documentDecider).when(addToTeamPlan('appreciation', 'People say we are kind.')),
    'UNKNOWN_SECTION',
    'a team plan has no appreciation section',
  );
  t.same(
    given(documentDecider).whenRefused(add('purpose', 'We help Margo live well.')).details,
    { field: 'section' },
    'the refusal names the offending field',
  );
});

t.test('applying an insight records the learning behind the change', async (t) => {
  t.same(
    given(documentDecider, profileSoFar).when(apply(quietPool)),
    [quietPoolApplied],
    'the insight adds a statement to the section its review chose',
  );

  const [applied] = given(documentDecider, profileSoFar).when(apply(quietPool)) as DomainEvent[];
  t.same(
    applied !== undefined && 'basis' in applied.data ? applied.data.basis : undefined,
    {
      kind: 'insight',
      reviewId: REVIEW,
      decisionId: QUIET_POOL,
      entryIds: [POOL_ENTRY, SECOND_POOL_ENTRY],
    },
    'the basis carries the review, the decision and the entries it rests on',
  );

  const towardsImportantTo = {
    ...quietPool,
    destination: { document: profile, section: 'important-to' },
  };
  t.same(
    given(documentDecider, profileSoFar).when(
      change(
        {
          operation: 'reword',
          section: 'important-to',
          statementId: OWN_CHOICES,
          text: 'Choosing my own locker.',
        },
        applying(towardsImportantTo),
      ),
    ),
    [
      event('DocumentStatementReworded', {
        document: profile,
        version: 3,
        section: 'important-to',
        statementId: OWN_CHOICES,
        text: 'Choosing my own locker.',
        basis: quietPoolBasis,
      }),
    ],
    'an insight may reword a statement',
  );
  t.same(
    given(documentDecider, profileSoFar).when(
      change(
        { operation: 'remove', section: 'important-to', statementId: OWN_CHOICES },
        applying(towardsImportantTo),
      ),
    ),
    [{ ...ownChoicesRemoved, data: { ...ownChoicesRemoved.data, basis: quietPoolBasis } }],
    'an insight may remove a statement',
  );
  t.same(
    given(documentDecider, [...profileSoFar, quietPoolApplied]).when(
      change(
        {
          operation: 'add',
          section: 'how-to-support',
          text: 'Say the plan once, then show the picture card.',
        },
        applying(pictureCard, PICTURE_CARD),
      ),
    ),
    [
      event('DocumentStatementAdded', {
        document: profile,
        version: 4,
        section: 'how-to-support',
        statementId: NEW_STATEMENT,
        text: 'Say the plan once, then show the picture card.',
        basis: {
          kind: 'insight',
          reviewId: REVIEW,
          decisionId: PICTURE_CARD,
          entryIds: [EVENING_ENTRY],
        },
      }),
    ],
    'another insight is applied beside one already applied',
  );
});

t.test('an insight is applied once, as its review decided', async (t) => {
  t.equal(
    given(documentDecider, [...profileSoFar, quietPoolApplied]).when(apply(quietPool)),
    'INSIGHT_ALREADY_APPLIED',
    'an insight is applied only once',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(apply({ ...quietPool, status: 'declined' })),
    'INSIGHT_ALREADY_DECLINED',
    'a declined insight cannot be applied',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(apply({ ...quietPool, destination: null })),
    'INSIGHT_NEEDS_NO_RECORD',
    'an insight agreed to need no record is not applied',
  );
  t.equal(
    given(documentDecider).when(apply(quietPool, junoProfile)),
    'INSIGHT_DESTINATION_MISMATCH',
    'an insight about Margo does not go into Juno’s profile',
  );
  t.equal(
    given(documentDecider).when(
      apply(quietPool, { kind: 'team-plan', subjectId: MARGO }, 'agreed-and-learned'),
    ),
    'INSIGHT_DESTINATION_MISMATCH',
    'an insight for a profile does not go into a team plan with the same subject id',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(apply(quietPool, profile, 'important-to')),
    'INSIGHT_DESTINATION_MISMATCH',
    'an insight goes into the section its review chose',
  );
  t.same(
    given(documentDecider, profileSoFar).whenRefused(apply(quietPool, profile, 'important-to'))
      .details,
    { destination: quietPool.destination },
    'the refusal names where the insight should go',
  );
  t.equal(
    given(documentDecider, profileSoFar).when(
      change(
        { operation: 'add', section: 'how-to-support', text: 'Anything.' },
        applying(undefined, NO_SUCH_INSIGHT),
      ),
    ),
    'UNKNOWN_REFERENCE',
    'an insight the review does not have cannot be applied',
  );
  t.same(
    given(documentDecider).whenRefused(
      change(
        { operation: 'add', section: 'how-to-support', text: 'Anything.' },
        applying(undefined),
      ),
    ).details,
    { field: 'basis.decisionId' },
    'the refusal names the offending field',
  );
});

t.test('a document holds its statements, its version and the insights applied to it', async (t) => {
  t.same(
    given(documentDecider).state,
    { version: 0, sections: {}, appliedDecisions: new Set() },
    'every document starts empty at version 0',
  );
  t.same(
    given(documentDecider, [...profileSoFar, bigLaughReworded, quietPoolApplied]).state,
    {
      version: 3,
      sections: {
        appreciation: [{ statementId: BIG_LAUGH, text: 'People say my laugh fills the room.' }],
        'important-to': [
          {
            statementId: OWN_CHOICES,
            text: 'Choosing my own things, like my locker and my towel.',
          },
        ],
        'how-to-support': [{ statementId: NEW_STATEMENT, text: quietPoolApplied.data.text }],
      },
      appliedDecisions: new Set([QUIET_POOL]),
    },
    'the reworded statement shows its new words, and only the insight counts as applied',
  );
  t.same(
    given(documentDecider, [...profileSoFar, ownChoicesRemoved]).state.sections,
    {
      appreciation: [{ statementId: BIG_LAUGH, text: 'People say I have a big laugh.' }],
      'important-to': [],
    },
    'a removed statement is gone from its section',
  );
  const kindAdded = event('DocumentStatementAdded', {
    ...bigLaughAdded.data,
    version: 3,
    statementId: NEW_STATEMENT,
    text: 'People say I am kind to their dogs.',
  });
  t.same(
    given(documentDecider, [
      ...profileSoFar,
      kindAdded,
      { ...bigLaughReworded, data: { ...bigLaughReworded.data, version: 4 } },
    ]).state.sections.appreciation,
    [
      { statementId: BIG_LAUGH, text: 'People say my laugh fills the room.' },
      { statementId: NEW_STATEMENT, text: 'People say I am kind to their dogs.' },
    ],
    'a rewording changes its own statement and leaves the others of the section in their place',
  );
  const acknowledged = event('DocumentVersionAcknowledged', {
    document: profile,
    version: 2,
    employeeId: EMPLOYEE,
  });
  t.same(
    given(documentDecider, [...profileSoFar, acknowledged]).state,
    given(documentDecider, profileSoFar).state,
    'events about other things leave the document as it was',
  );
});
