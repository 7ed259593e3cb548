/**
 * The shape of the scenario the demo plays. Everything refers to everything
 * else by short keys (`priya`, `first-class`), which the demo turns into the
 * ids the service hands out.
 */

/** When something happened: `week 1 Tue 18:30`, counted from the Monday eight weeks before the demo runs. */
export type When = `week ${number} ${Day} ${number}:${number}`;
type Day = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';

export type Employee = 'hannah' | 'priya' | 'owen' | 'jo' | 'marcus';
export type Someone = Employee | 'tamsin';

export interface PersonData {
  key: Someone;
  displayName: string;
  /** The id the organisation's care-record system uses for them. */
  externalRef: string;
  /** What the API key of an employee may do; the supported person has none. */
  role?: 'author' | 'reviewer';
}

export interface TeamData {
  name: string;
  purpose: string;
  members: Employee[];
  supports: Someone[];
}

export type ProfileSection = 'appreciation' | 'important-to' | 'how-to-support';
export type TeamPlanSection =
  | 'purpose'
  | 'who-we-are'
  | 'important-to-us'
  | 'how-we-support-each-other'
  | 'core-duties'
  | 'judgement-and-creativity'
  | 'not-ours-to-do'
  | 'agreed-and-learned';

export type DocumentKey = 'profile' | 'team-plan';

/** One statement added (and given a label to find it by later) or reworded. */
export type StatementChange<S extends string = ProfileSection | TeamPlanSection> =
  { section: S; add: string; label: string } | { section: S; reword: string; text: string };

export interface EntryData {
  label: string;
  when: When;
  minutes: number;
  author: Employee;
  /** Other employees who were there. */
  with?: Employee[];
  others?: string[];
  place: string;
  activity: string;
  whatWorked: string;
  whatDidNotWork: string;
  learned: string;
  nextTime: string;
  participation?: string;
  importantTo?: string;
  importantFor?: string;
}

export interface AmendmentData {
  entry: string;
  when: When;
  by: Employee;
  reason: string;
  changes: Partial<
    Pick<EntryData, 'whatWorked' | 'whatDidNotWork' | 'learned' | 'nextTime' | 'participation'>
  >;
}

export interface WithdrawalData {
  entry: string;
  when: When;
  by: Employee;
  reason: string;
}

export interface LogData {
  key: string;
  about: { person: Someone } | { team: true };
  purpose: string;
  rhythm: 'weekly' | 'fortnightly' | 'monthly' | 'each-team-meeting' | 'in-supervision';
  openedBy: Employee;
  entries: EntryData[];
  amendments: AmendmentData[];
  withdrawals: WithdrawalData[];
}

export type InsightCategory =
  | 'appreciation'
  | 'important-to'
  | 'important-for'
  | 'how-to-support'
  | 'communication'
  | 'team-working';

interface InsightBase {
  finding: string;
  category: InsightCategory;
  /** Labels of the entries it rests on. */
  entries: string[];
}

/** An insight is applied to its document, declined with a reason, or needs no record. */
export type InsightData =
  | (InsightBase & { document: DocumentKey; apply: StatementChange })
  | (InsightBase & {
      document: DocumentKey;
      section: ProfileSection | TeamPlanSection;
      decline: string;
    })
  | (InsightBase & { noRecordReason: string });

export interface ActionData {
  description: string;
  owner: Employee;
  /** Days after the review. */
  dueInDays: number;
}

export interface SharingData {
  audience: 'whole-team' | 'named-employees' | 'family' | 'other-service';
  employees?: Employee[];
  detail?: string;
  method: string;
}

export interface ReviewData {
  label: string;
  title: string;
  log: string;
  /** When the review meeting took place. */
  when: When;
  /** It covers every unreviewed entry of its log up to this time. */
  upTo: When;
  by: Employee;
  participants: Someone[];
  others: string[];
  insights: InsightData[];
  actions: ActionData[];
  sharing: SharingData[];
}

/** A change made straight to a document, not from a review, with its reason. */
export interface DirectEditData {
  document: DocumentKey;
  when: When;
  by: Employee;
  reason: string;
  change: StatementChange;
}

/** An employee reads the document as it stands at that moment and says so. */
export interface AcknowledgementData {
  who: Employee;
  document: DocumentKey;
  when: When;
}

export interface Scenario {
  people: PersonData[];
  team: TeamData;
  logs: LogData[];
  reviews: ReviewData[];
  directEdits: DirectEditData[];
  acknowledgements: AcknowledgementData[];
  /** The profile statement whose audit trail the demo prints. */
  tracedStatement: string;
}
