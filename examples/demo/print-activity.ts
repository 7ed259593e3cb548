import type { LogData, ReviewData } from '../scenario/index.ts';
import type { Decision, EntryView, ReviewView } from './api-types.ts';
import type { Cast } from './cast.ts';
import { day, heading, listOf, wrap } from './text.ts';

/** What the logs hold: how many entries, by whom, and what was corrected. */
export async function printLogs(cast: Cast, logs: LogData[]): Promise<string[]> {
  const lines = heading('Learning logs');
  for (const log of logs) {
    const path = `/learning-logs/${cast.logId.get(log.key)}/entries?limit=200`;
    const entries = (await cast.auditor.get<{ items: EntryView[] }>(path)).body.items;
    const count = (test: (entry: EntryView) => boolean): number => entries.filter(test).length;
    const authors = [...new Set(entries.map((entry) => entry.authorId))].map(
      (id) => `${cast.nameOf(id)} (${count((entry) => entry.authorId === id)})`,
    );
    const reviewed = count((entry) => entry.reviewed);
    const amended = count((entry) => entry.amendments.length > 0);
    const withdrawn = count((entry) => entry.withdrawal !== null);

    lines.push(...wrap(log.purpose, '* '));
    lines.push(...wrap(`${entries.length} entries by ${listOf(authors)}.`, '  '));
    lines.push(...wrap(`${reviewed} reviewed, ${amended} amended, ${withdrawn} withdrawn.`, '  '));
    for (const entry of entries) {
      for (const { amendedBy, reason } of entry.amendments) {
        lines.push(...wrap(`Amended by ${cast.nameOf(amendedBy)}: ${reason}`, '  '));
      }
      if (entry.withdrawal !== null) {
        const { withdrawnBy, reason } = entry.withdrawal;
        lines.push(...wrap(`Withdrawn by ${cast.nameOf(withdrawnBy)}: ${reason}`, '  '));
      }
    }
    lines.push('');
  }
  return lines;
}

/** Each review's decisions, one short paragraph each. */
export async function printReviews(cast: Cast, reviews: ReviewData[]): Promise<string[]> {
  const lines = heading('Reviews and their decisions');
  for (const data of reviews) {
    const { body: review } = await cast.auditor.get<ReviewView>(
      `/reviews/${cast.reviewId.get(data.label)}`,
    );
    const who = listOf(data.participants.map((someone) => cast.nameOf(cast.personId[someone])));

    lines.push(...wrap(`${data.title}: ${review.entryIds.length} entries, with ${who}.`, '* '));
    for (const decision of review.decisions) lines.push(...decisionLines(cast, decision));
    lines.push('');
  }
  return lines;
}

function decisionLines(cast: Cast, decision: Decision): string[] {
  switch (decision.kind) {
    case 'insight': {
      const outcome = {
        applied: `applied (version ${decision.appliedTo?.version})`,
        declined: `declined: ${decision.declineReason}`,
        'needs-no-record': `no record needed: ${decision.noRecordReason}`,
        proposed: 'proposed, not yet applied',
      }[decision.status];
      return wrap(`${decision.finding} [${decision.category}] -> ${outcome}`, '  insight  ');
    }
    case 'action': {
      const owner = cast.nameOf(decision.ownerId);
      return wrap(`${decision.description} (${owner}, by ${day(decision.dueOn)})`, '  action   ');
    }
    case 'sharing': {
      const named = decision.employeeIds.map((id) => cast.nameOf(id));
      const audience = [decision.audience, decision.detail, ...named].filter(Boolean).join(', ');
      return wrap(`${audience}: ${decision.method}`, '  sharing  ');
    }
  }
}
