import { acknowledge } from '../../src/application/acknowledgements.ts';
import { changeDocument, type ChangeBasisInput } from '../../src/application/documents.ts';
import {
  amendEntry,
  closeLog,
  openLog,
  recordEntry,
  withdrawEntry,
} from '../../src/application/learning.ts';
import { changeTeam, formTeam, registerPerson } from '../../src/application/people.ts';
import {
  agreeAction,
  agreeSharing,
  completeReview,
  declineInsight,
  proposeInsight,
  startReview,
} from '../../src/application/reviews.ts';
import type { StatementChange } from '../../src/domain/document.ts';
import type { DocumentRef, InsightCategory } from '../../src/domain/vocabulary.ts';
import type { Organisation } from '../application/organisation.ts';
import { employee, entryAt } from './events.ts';

// When, where, what, what worked: Tobias writes the odd lines, Ines the even ones.
const outings = [
  '2025-03-03T10:00:00Z | Leisure-centre pool | Swimming | She laughed at the water jets.',
  '2025-03-03T19:00:00+01:00 | At home | Evening bath | Tea and the radio kept it calm.',
  '2025-03-04T09:30:00Z | Harbour Road café | Breakfast out | She ordered for herself.',
  '2025-03-05T14:00:00Z | Library | Choosing audiobooks | She picked three books on birds.',
  '2025-03-06T11:00:00Z | Allotment | Planting beans | She liked the soil, not the gloves.',
  '2025-03-07T18:00:00Z | At home | Cooking tea | She stirred the sauce and tasted it.',
  '2025-03-10T10:00:00Z | Leisure-centre pool | Swimming | The side entrance was quiet.',
  '2025-03-11T16:00:00Z | Number 12 bus | Bus into town | She pressed the bell in time.',
  '2025-03-12T09:00:00Z | GP surgery | Flu jab | The picture card showed what came next.',
  '2025-03-13T20:00:00Z | At home | Bedtime | The lamp on low and one song settled her.',
];

/** Three weeks at Larkspur House, told through the application services as the API would. */
export async function larkspurHouse({ services: s, as, admin, runtime }: Organisation) {
  const register = (displayName: string, kind: 'employee' | 'supported-person' = 'employee') =>
    registerPerson(s, as(admin), { kind, displayName, externalRef: null });
  const wren = await register('Wren Halloway', 'supported-person');
  const tobias = await register('Tobias Quill');
  const ines = await register('Ines Marlow');
  const oskar = await register('Oskar Fenn');
  const ravi = await register('Ravi Ashdown');
  const [byTobias, byInes] = [employee(tobias), employee(ines)];
  const [byOskar, byRavi] = [employee(oskar), employee(ravi)];
  const reviewer = employee(oskar, 'reviewer');

  const team = await formTeam(s, as(admin), { name: 'Larkspur House', purpose: 'Wren at home' });
  for (const member of [tobias, ines, oskar]) {
    await changeTeam(s, as(admin), 'AddMember', team, member);
  }
  await changeTeam(s, as(admin), 'StartSupporting', team, wren);

  const log = await openLog(s, as(reviewer), {
    subject: { kind: 'person', personId: wren },
    purpose: 'Outings and evenings with Wren',
    reviewRhythm: 'weekly',
  });
  const teamLog = await openLog(s, as(reviewer), {
    subject: { kind: 'team', teamId: team },
    purpose: 'How our handovers go',
    reviewRhythm: 'each-team-meeting',
  });

  const entries: string[] = [];
  for (const [index, line] of outings.entries()) {
    const [at, place, activity, whatWorked] = line.split(' | ') as [string, string, string, string];
    const author = index % 2 === 0 ? byTobias : byInes;
    const present = { employeeIds: [author.id], others: [] };
    const content = entryAt(at, { place, activity, whatWorked, present });
    entries.push(await recordEntry(s, as(author), log, content));
  }
  const handover = (at: string, whatWorked: string, employeeIds: string[]) =>
    entryAt(at, {
      place: 'Office',
      activity: 'Handover',
      whatWorked,
      present: { employeeIds, others: [] },
    });
  const handovers = [
    await recordEntry(
      s,
      as(byOskar),
      teamLog,
      handover('2025-03-05T08:00:00Z', 'Two minutes at the door.', [tobias, ines]),
    ),
    await recordEntry(
      s,
      as(byInes),
      teamLog,
      handover('2025-03-12T08:00:00Z', 'Three-line notes, read aloud.', []),
    ),
  ];

  const shorter = { changes: { durationMinutes: 80 }, reason: 'The swim was shorter.' };
  await amendEntry(s, as(byTobias), entries[0]!, shorter, 1);
  const learned = {
    changes: { learned: 'Say the plan once, then leave it.' },
    reason: 'Added what we learned.',
  };
  await amendEntry(s, as(byInes), entries[1]!, learned, undefined);
  await withdrawEntry(s, as(byInes), entries[3]!, 'Written about the wrong person.', 1);

  const profile: DocumentRef = { kind: 'one-page-profile', subjectId: wren };
  const plan: DocumentRef = { kind: 'team-plan', subjectId: team };
  const edit = async (document: DocumentRef, change: StatementChange, basis: ChangeBasisInput) => {
    const { version } = await runtime.queries.documents.current(as(admin).tenant, document);
    return changeDocument(s, as(reviewer), document, version, change, basis);
  };
  const propose = (
    reviewId: string,
    finding: string,
    category: InsightCategory,
    entryIds: string[],
    document: DocumentRef,
    section: string,
  ) =>
    proposeInsight(s, as(reviewer), reviewId, {
      finding,
      category,
      entryIds,
      destination: { document, section },
      noRecordReason: null,
    });

  // First review: every unreviewed entry up to 8 March; one insight applied, one declined.
  const review = await startReview(s, as(reviewer), log, {
    upTo: '2025-03-08T00:00:00Z',
    participants: [oskar, tobias, ines],
    others: ['Maud (sister)'],
  });
  const quietFinding = 'Quiet entrances and calm starts help her join in.';
  const quiet = await propose(
    review,
    quietFinding,
    'how-to-support',
    [entries[0]!, entries[2]!],
    profile,
    'how-to-support',
  );
  const gloves = await propose(
    review,
    'She dislikes gloves.',
    'important-to',
    [entries[4]!],
    profile,
    'important-to',
  );
  const pool = {
    description: 'Ask the pool about quiet times.',
    ownerId: tobias,
    dueOn: '2025-03-21',
  };
  await agreeAction(s, as(reviewer), review, pool);
  await agreeSharing(s, as(reviewer), review, {
    audience: 'whole-team',
    employeeIds: [],
    detail: null,
    method: 'Monday team meeting',
  });
  const entrance = 'Use the quiet side entrance and start slowly.';
  await edit(
    profile,
    { operation: 'add', section: 'how-to-support', text: entrance },
    { kind: 'insight', reviewId: review, decisionId: quiet },
  );
  await declineInsight(
    s,
    as(reviewer),
    review,
    gloves,
    'One allotment visit is not enough to say.',
  );
  await completeReview(s, as(reviewer), review);

  // Direct edits, then people read the profile.
  await edit(
    profile,
    { operation: 'add', section: 'appreciation', text: 'My laugh fills the room.' },
    { kind: 'direct-edit', reason: 'Maud told us at the review.' },
  );
  const current = await runtime.queries.documents.current(as(admin).tenant, profile);
  const laugh = current.sections['appreciation']![0]!.statementId;
  const reworded = {
    operation: 'reword',
    section: 'appreciation',
    statementId: laugh,
    text: 'People love my laugh.',
  } as const;
  await edit(profile, reworded, { kind: 'direct-edit', reason: "In Wren's own words." });
  await acknowledge(s, as(byTobias), profile, { version: 1 });
  await acknowledge(s, as(byTobias), profile, { version: 3 });
  await acknowledge(s, as(byInes), profile, { version: 1 });

  // Second review, of the team log, names its entries.
  const teamReview = await startReview(s, as(reviewer), teamLog, {
    entryIds: handovers,
    participants: [oskar, ines],
    others: [],
  });
  const notes = await propose(
    teamReview,
    'Short notes read aloud get read.',
    'team-working',
    handovers,
    plan,
    'agreed-and-learned',
  );
  const rota = await propose(
    teamReview,
    'Handover needs a fixed time.',
    'team-working',
    [handovers[0]!],
    plan,
    'core-duties',
  );
  const threeLines = 'Handover notes are three lines, read aloud at the door.';
  await edit(
    plan,
    { operation: 'add', section: 'agreed-and-learned', text: threeLines },
    { kind: 'insight', reviewId: teamReview, decisionId: notes },
  );
  await declineInsight(s, as(reviewer), teamReview, rota, 'The rota already fixes it.');
  await completeReview(s, as(reviewer), teamReview);

  await changeTeam(s, as(admin), 'AddMember', team, ravi);
  await acknowledge(s, as(byOskar), plan, { version: 1 });
  await acknowledge(s, as(byRavi), profile, { version: 3 });
  await closeLog(s, as(reviewer), teamLog, 'Handovers now follow the team plan.');

  const people = { wren, tobias, ines, oskar, ravi, team };
  const decisions = { review, quiet, gloves, teamReview, notes, rota };
  return { ...people, ...decisions, log, teamLog, entries, handovers, profile, plan };
}
