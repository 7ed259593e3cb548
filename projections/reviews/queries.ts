import type { ReadStore } from '../engine/read-store.ts';
import { reviewsProjection } from './projection.ts';
import { keys, type EntryDecisionsView, type ReviewView } from './views.ts';

const name = reviewsProjection.name;

export class ReviewQueries {
  constructor(private readonly store: ReadStore) {}

  async review(tenant: string, reviewId: string): Promise<ReviewView | undefined> {
    const review = await this.store.get<ReviewView>(name, keys.review(reviewId));
    return review?.tenant === tenant ? review : undefined;
  }

  /** Reviews by id, only those of this organisation. */
  async reviews(tenant: string, reviewIds: readonly string[]): Promise<Map<string, ReviewView>> {
    const found = await this.store.getMany<ReviewView>(name, reviewIds.map(keys.review));
    const own = [...found.values()].filter((review) => review.tenant === tenant);
    return new Map(own.map((review) => [review.reviewId, review]));
  }

  async decisionsRestingOn(entryId: string): Promise<EntryDecisionsView['decisions']> {
    const view = await this.store.get<EntryDecisionsView>(name, keys.entryDecisions(entryId));
    return view?.decisions ?? [];
  }
}
