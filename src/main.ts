import { explained } from './event-store/errors.ts';
import { buildApp } from './http/app.ts';
import { createLogger } from './http/logger.ts';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { bootstrapAdminKey } from './bootstrap.ts';
import { markServer, StoreInUseError } from './server-lock.ts';

const idempotencyRetentionMs = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  // Several instances may share one PostgreSQL database; the embedded file takes one server.
  const unmark = config.store === 'sqlite' ? claimStore(config.dataDir) : () => {};
  const runtime = await openRuntimeOrExit(config, log);
  log.info({ store: config.store }, 'store open');

  const app = await buildApp(runtime, {
    logger: log,
    bodyLimit: config.bodyLimit,
    identityProvider: config.identityProvider,
    rateLimit: config.rateLimit === null ? null : { max: config.rateLimit, windowMs: 60_000 },
  });
  if (config.identityProvider !== undefined)
    log.info({ issuer: config.identityProvider.issuer }, 'identity provider tokens accepted');
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // The usual causes (port taken, unknown host) are the operator's to fix: say so plainly.
    process.stderr.write(
      `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`,
    );
    await runtime.close();
    unmark();
    process.exit(1);
  }

  await bootstrapAdminKey(runtime, process.stdout);
  const purge = setInterval(() => purgeIdempotency(runtime), 60 * 60 * 1000);
  purge.unref();
  purgeIdempotency(runtime);

  const shutdown = async (signal: string): Promise<void> => {
    log.info({ signal }, 'shutting down');
    clearInterval(purge);
    unmark();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** One server per store: a second one on the same folder would fight the first over the read models. */
function claimStore(dataDir: string): () => void {
  try {
    return markServer(dataDir);
  } catch (error) {
    if (!(error instanceof StoreInUseError)) throw error;
    process.stderr.write(
      `${error.message} (${dataDir}); stop it first, or use another LEARNING_LOG_DATA_DIR\n`,
    );
    process.exit(1);
  }
}

async function openRuntimeOrExit(config: Config, log: Logger): Promise<Runtime> {
  try {
    return await openRuntime(config, log, { project: config.projections });
  } catch (error) {
    // An unreachable database or a schema from a newer release: say which, then stop.
    process.stderr.write(`cannot open the ${config.store} store: ${explained(error)}\n`);
    process.exit(1);
  }
}

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

function purgeIdempotency(runtime: Runtime): void {
  // A failed purge (database briefly away) is harmless: the next one an hour later catches up.
  runtime.idempotency.purge(new Date(Date.now() - idempotencyRetentionMs)).catch(() => {});
}

await main();
