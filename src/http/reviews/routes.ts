import { z } from 'zod';
import {
  agreeAction,
  agreeSharing,
  completeReview,
  declineInsight,
  proposeInsight,
  startReview,
} from '../../application/reviews.ts';
import { limits, text } from '../../domain/text.ts';
import type { Runtime } from '../../runtime.ts';
import type { ZodApp } from '../app.ts';
import type { ProblemCode } from '../problems.ts';
import { found } from '../found.ts';
import { contextOf } from '../request-context.ts';
import { idempotencyKeyHeader, problemResponses, uuid } from '../schemas.ts';
import {
  agreeActionBody,
  agreeSharingBody,
  decisionSchema,
  proposeInsightBody,
  reviewSchema,
  startReviewBody,
} from './schemas.ts';

const reviewParams = z.object({ reviewId: uuid });
const decisionParams = z.object({ reviewId: uuid, decisionId: uuid });
const tags = ['reviews'];
const decisionProblems: ProblemCode[] = [
  'REVIEW_NOT_FOUND',
  'REVIEW_ALREADY_COMPLETED',
  'CONCURRENT_MODIFICATION',
  'UNKNOWN_REFERENCE',
];

export function reviewRoutes(app: ZodApp, { services, queries }: Runtime): void {
  const readReview = async (tenant: string, reviewId: string) => {
    return found(await queries.reviews.review(tenant, reviewId), 'REVIEW_NOT_FOUND');
  };
  const readDecision = async (tenant: string, reviewId: string, decisionId: string) =>
    (await readReview(tenant, reviewId)).decisions.find(
      (decision) => decision.decisionId === decisionId,
    )!;

  app.post('/learning-logs/:logId/reviews', {
    schema: {
      summary:
        'Start a review of a log over chosen entries, or every unreviewed entry up to a date',
      tags,
      params: z.object({ logId: uuid }),
      headers: idempotencyKeyHeader,
      body: startReviewBody,
      response: {
        201: reviewSchema,
        ...problemResponses(
          'LOG_NOT_FOUND',
          'NOTHING_TO_REVIEW',
          'NOT_YET_HAPPENED',
          'ENTRY_NOT_IN_LOG',
          'ENTRY_WITHDRAWN',
          'UNKNOWN_REFERENCE',
        ),
      },
    },
    handler: async (request, reply) => {
      const context = contextOf(request);
      const reviewId = await startReview(services, context, request.params.logId, request.body);
      return reply
        .code(201)
        .header('location', `/reviews/${reviewId}`)
        .send(await readReview(context.tenant, reviewId));
    },
  });

  app.get('/reviews/:reviewId', {
    schema: {
      summary: 'Read a review with its decisions',
      tags,
      params: reviewParams,
      response: { 200: reviewSchema, ...problemResponses('REVIEW_NOT_FOUND') },
    },
    handler: async (request) => readReview(contextOf(request).tenant, request.params.reviewId),
  });

  const decisions = [
    {
      path: 'insights',
      summary: 'Propose an insight',
      body: proposeInsightBody,
      decide: proposeInsight,
      optional: { destination: null, noRecordReason: null },
      problems: [
        'ENTRY_OUTSIDE_REVIEW',
        'ENTRY_WITHDRAWN',
        'UNKNOWN_SECTION',
        'DESTINATION_NOT_FOR_THIS_LOG',
      ],
    },
    {
      path: 'actions',
      summary: 'Agree an action',
      body: agreeActionBody,
      decide: agreeAction,
      optional: {},
      problems: [],
    },
    {
      path: 'sharing',
      summary: 'Agree who must be told, and how',
      body: agreeSharingBody,
      decide: agreeSharing,
      optional: { detail: null },
      problems: ['PERSON_NOT_AN_EMPLOYEE'],
    },
  ] as const;

  for (const { path, summary, body, decide, optional, problems } of decisions) {
    app.post(`/reviews/:reviewId/${path}`, {
      schema: {
        summary,
        tags,
        params: reviewParams,
        headers: idempotencyKeyHeader,
        body,
        response: { 201: decisionSchema, ...problemResponses(...decisionProblems, ...problems) },
      },
      handler: async (request, reply) => {
        const context = contextOf(request);
        const { reviewId } = request.params;
        const decisionId = await (decide as (...args: unknown[]) => Promise<string>)(
          services,
          context,
          reviewId,
          { ...optional, ...request.body },
        );
        return reply.code(201).send(await readDecision(context.tenant, reviewId, decisionId));
      },
    });
  }

  app.post('/reviews/:reviewId/insights/:decisionId/decline', {
    schema: {
      summary: 'Decline an insight, with the reason',
      tags,
      params: decisionParams,
      headers: idempotencyKeyHeader,
      body: z.strictObject({ reason: text(limits.short) }),
      response: {
        200: decisionSchema,
        ...problemResponses(
          ...decisionProblems,
          'DECISION_NOT_FOUND',
          'DECISION_NOT_AN_INSIGHT',
          'INSIGHT_ALREADY_DECLINED',
          'INSIGHT_ALREADY_APPLIED',
        ),
      },
    },
    handler: async (request) => {
      const context = contextOf(request);
      const { reviewId, decisionId } = request.params;
      await declineInsight(services, context, reviewId, decisionId, request.body.reason);
      return readDecision(context.tenant, reviewId, decisionId);
    },
  });

  app.post('/reviews/:reviewId/completion', {
    schema: {
      summary: 'Complete a review: every covered entry becomes reviewed',
      tags,
      params: reviewParams,
      headers: idempotencyKeyHeader,
      body: z.strictObject({}).nullish().describe('No body, or an empty object.'),
      response: {
        200: reviewSchema,
        ...problemResponses(
          'REVIEW_NOT_FOUND',
          'REVIEW_ALREADY_COMPLETED',
          'CONCURRENT_MODIFICATION',
        ),
      },
    },
    handler: async (request) => {
      const context = contextOf(request);
      await completeReview(services, context, request.params.reviewId);
      return readReview(context.tenant, request.params.reviewId);
    },
  });
}
