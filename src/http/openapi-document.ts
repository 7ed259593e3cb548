import pino from 'pino';
import { openRuntime } from '../runtime.ts';
import { buildApp } from './app.ts';

/** The OpenAPI document as the app generates it from its zod schemas, formatted for committing. */
export async function openApiDocument(): Promise<string> {
  const runtime = await openRuntime(
    { databaseFile: ':memory:', readModelWaitMs: 1000 },
    pino({ level: 'silent' }),
  );
  const app = await buildApp(runtime, {
    logger: pino({ level: 'silent' }),
    bodyLimit: 1024 * 1024,
    rateLimit: null,
  });
  await app.ready();

  const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await runtime.close();
  return document;
}
