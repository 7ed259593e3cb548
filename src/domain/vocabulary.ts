import { z } from 'zod';

/** The words of person-centred practice that the rest of the domain is built from. */

export const personKinds = ['supported-person', 'employee'] as const;
export type PersonKind = (typeof personKinds)[number];

export const reviewRhythms = [
  'weekly',
  'fortnightly',
  'monthly',
  'each-team-meeting',
  'in-supervision',
] as const;
export type ReviewRhythm = (typeof reviewRhythms)[number];

export const insightCategories = [
  'appreciation',
  'important-to',
  'important-for',
  'how-to-support',
  'communication',
  'team-working',
] as const;
export type InsightCategory = (typeof insightCategories)[number];

export const documentKinds = ['one-page-profile', 'team-plan'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** One-page profile: three lists of short statements in the person's voice. */
export const profileSections = ['appreciation', 'important-to', 'how-to-support'] as const;

/** Person-centred team plan, with roles and responsibilities split in three. */
export const teamPlanSections = [
  'purpose',
  'who-we-are',
  'important-to-us',
  'how-we-support-each-other',
  'core-duties',
  'judgement-and-creativity',
  'not-ours-to-do',
  'agreed-and-learned',
] as const;

export const sectionsOf: Record<DocumentKind, readonly string[]> = {
  'one-page-profile': profileSections,
  'team-plan': teamPlanSections,
};

export const allSections = [...profileSections, ...teamPlanSections] as const;
export type Section = (typeof allSections)[number];

export const sharingAudiences = [
  'whole-team',
  'named-employees',
  'family',
  'other-service',
] as const;
export type SharingAudience = (typeof sharingAudiences)[number];

/** A document that receives learning: a person's profile or a team's plan. */
export const documentRef = z.strictObject({
  kind: z.enum(documentKinds),
  /** The person (for a profile) or team (for a team plan) the document belongs to. */
  subjectId: z.uuid(),
});
export type DocumentRef = z.infer<typeof documentRef>;

export const logSubject = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), personId: z.uuid() }),
  z.strictObject({ kind: z.literal('team'), teamId: z.uuid() }),
]);
export type LogSubject = z.infer<typeof logSubject>;

export function isSectionOf(kind: DocumentKind, section: string): boolean {
  return sectionsOf[kind].includes(section);
}

export function documentStream(document: DocumentRef): string {
  return document.kind === 'one-page-profile'
    ? `profile-${document.subjectId}`
    : `team-plan-${document.subjectId}`;
}
