import type { Runtime } from '../runtime.ts';
import { apiKeyRoutes } from './api-keys/routes.ts';
import type { ZodApp } from './app.ts';
import { documentRoutes } from './documents/routes.ts';
import { entryRoutes } from './entries/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { learningLogRoutes } from './learning-logs/routes.ts';
import { outstandingRoutes } from './documents/outstanding.ts';
import { peopleRoutes } from './people/routes.ts';
import { recordReadRoutes } from './record-reads/routes.ts';
import { reviewRoutes } from './reviews/routes.ts';
import { subjectAccessRoutes } from './subject-access/routes.ts';
import { teamRoutes } from './teams/routes.ts';

export function registerRoutes(app: ZodApp, runtime: Runtime): void {
  for (const routes of [
    healthRoutes,
    peopleRoutes,
    teamRoutes,
    learningLogRoutes,
    entryRoutes,
    reviewRoutes,
    documentRoutes,
    outstandingRoutes,
    eventRoutes,
    apiKeyRoutes,
    recordReadRoutes,
    subjectAccessRoutes,
  ]) {
    routes(app, runtime);
  }
}
