import type { InsightData, ReviewData, Scenario } from '../scenario/index.ts';
import type { Cast } from './cast.ts';
import type { Calendar } from './clock.ts';
import { changeStatement, documentOf } from './documents.ts';

/**
 * Holds one review as the reviewer would: start it over every unreviewed
 * entry up to a date, record each decision, apply the insights that go into a
 * document, decline the ones that do not, and complete it.
 */
export async function holdReview(
  cast: Cast,
  scenario: Scenario,
  calendar: Calendar,
  data: ReviewData,
): Promise<void> {
  const reviewer = cast.as[data.by];
  const { body: review } = await reviewer.post<{ reviewId: string }>(
    `/learning-logs/${cast.logId.get(data.log)}/reviews`,
    {
      upTo: calendar.instant(data.upTo).toISOString(),
      participants: data.participants.map((someone) => cast.personId[someone]),
      others: data.others,
    },
  );
  const { reviewId } = review;
  cast.reviewId.set(data.label, reviewId);
  const base = `/reviews/${reviewId}`;

  for (const insight of data.insights) {
    const { body } = await reviewer.post<{ decisionId: string }>(
      `${base}/insights`,
      proposal(cast, scenario, insight),
    );
    const { decisionId } = body;
    if ('apply' in insight) {
      const { path } = documentOf(cast, scenario, insight.document);
      await changeStatement(cast, reviewer, path, insight.apply, {
        kind: 'insight',
        reviewId,
        decisionId,
      });
    } else if ('decline' in insight) {
      await reviewer.post(
        `${base}/insights/${decisionId}/decline`,
        { reason: insight.decline },
        { expect: 200 },
      );
    }
  }

  for (const { description, owner, dueInDays } of data.actions) {
    const dueOn = calendar.dateAfter(data.when, dueInDays);
    await reviewer.post(`${base}/actions`, { description, ownerId: cast.personId[owner], dueOn });
  }
  for (const { audience, employees = [], detail, method } of data.sharing) {
    const employeeIds = employees.map((employee) => cast.personId[employee]);
    const exactly = detail === undefined ? {} : { detail };
    await reviewer.post(`${base}/sharing`, { audience, employeeIds, method, ...exactly });
  }

  await reviewer.post(`${base}/completion`, undefined, { expect: 200 });
}

function proposal(cast: Cast, scenario: Scenario, insight: InsightData) {
  const entryIds = insight.entries.map((label) => {
    const id = cast.entryId.get(label);
    if (id === undefined)
      throw new Error(`the scenario's insight rests on an unknown entry "${label}"`);
    return id;
  });
  const common = { finding: insight.finding, category: insight.category, entryIds };
  if ('noRecordReason' in insight) return { ...common, noRecordReason: insight.noRecordReason };

  const section = 'apply' in insight ? insight.apply.section : insight.section;
  return {
    ...common,
    destination: { document: documentOf(cast, scenario, insight.document).ref, section },
  };
}
