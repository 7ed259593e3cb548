import type { EntryData, LogData, Scenario, When } from '../scenario/index.ts';
import type { EntryView } from './api-types.ts';
import type { Cast } from './cast.ts';
import type { Calendar } from './clock.ts';
import { acknowledge, changeStatement, documentOf } from './documents.ts';
import { holdReview } from './review.ts';

type Step = { when: When; run: () => Promise<void> };

/** Plays the scenario in the order things happened: entries, corrections, reviews, edits, reading. */
export async function play(cast: Cast, scenario: Scenario, calendar: Calendar): Promise<void> {
  const pathOf = (document: 'profile' | 'team-plan') => documentOf(cast, scenario, document).path;
  const steps: Step[] = [
    ...scenario.directEdits.map(({ when, by, document, change, reason }): Step => ({
      when,
      run: () =>
        changeStatement(cast, cast.as[by], pathOf(document), change, {
          kind: 'direct-edit',
          reason,
        }),
    })),
    ...scenario.logs.flatMap((log) => logSteps(cast, calendar, log)),
    ...scenario.reviews.map((review): Step => ({
      when: review.when,
      run: () => holdReview(cast, scenario, calendar, review),
    })),
    ...scenario.acknowledgements.map(({ who, document, when }): Step => ({
      when,
      run: () => acknowledge(cast.as[who], pathOf(document)),
    })),
  ];

  // A stable sort: steps at the same moment keep the order the scenario gives them.
  steps.sort((a, b) => calendar.instant(a.when).getTime() - calendar.instant(b.when).getTime());
  for (const step of steps) await step.run();
}

function logSteps(cast: Cast, calendar: Calendar, log: LogData): Step[] {
  const logId = cast.logId.get(log.key)!;

  /** Amending or withdrawing an entry sends the version its author just read, as If-Match. */
  const correct =
    (label: string, by: keyof Cast['as'], action: string, body: unknown) => async () => {
      const path = `/entries/${cast.entryId.get(label)}`;
      const { etag } = await cast.as[by].get<EntryView>(path);
      await cast.as[by].post(`${path}/${action}`, body, { expect: 200, ifMatch: etag ?? '' });
    };

  return [
    ...log.entries.map((entry): Step => ({
      when: entry.when,
      run: () => record(cast, calendar, logId, entry),
    })),
    ...log.amendments.map(({ entry, when, by, reason, changes }): Step => ({
      when,
      run: correct(entry, by, 'amendments', { reason, changes }),
    })),
    ...log.withdrawals.map(({ entry, when, by, reason }): Step => ({
      when,
      run: correct(entry, by, 'withdrawal', { reason }),
    })),
  ];
}

/** Records an entry with its author's own key: the service takes the author from the key. */
async function record(
  cast: Cast,
  calendar: Calendar,
  logId: string,
  entry: EntryData,
): Promise<void> {
  const { label, when, minutes, author, with: alongside = [], others = [], ...fields } = entry;
  const present = { employeeIds: [author, ...alongside].map((e) => cast.personId[e]), others };

  const { body } = await cast.as[author].post<{ entryId: string }>(
    `/learning-logs/${logId}/entries`,
    {
      ...fields,
      occurredAt: calendar.instant(when).toISOString(),
      durationMinutes: minutes,
      present,
    },
  );
  cast.entryId.set(label, body.entryId);
}
