import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { verifyReadModels } from '../projections/engine/verify.ts';
import { pagesOf } from './event-store/read-log.ts';
import { defaultOrganisation } from './bootstrap.ts';
import { timeOrderedId } from './application/time-ordered-ids.ts';
import { issueKey, revokeKey as revokeAndRecord } from './application/api-keys.ts';
import { operatorContext } from './application/context.ts';
import { ConfigError, loadConfig } from './config.ts';
import { WrongMasterKeyError } from './personal-data/keyring.ts';
import { openRuntime, projections, type Runtime } from './runtime.ts';
import { copyLog, CopyMismatchError, TargetNotEmptyError } from './event-store/copy.ts';
import { explained } from './event-store/errors.ts';
import { roles } from './event-store/port.ts';
import { openPostgresStorage } from './storage/postgres.ts';
import { openSqliteStorage } from './storage/sqlite.ts';
import type { Storage } from './storage/storage.ts';

const usage = `learning-log admin commands. They act on the configured store: the embedded one
in LEARNING_LOG_DATA_DIR (default ./data), or PostgreSQL with LEARNING_LOG_STORE=postgres,
DATABASE_URL and LEARNING_LOG_MASTER_KEY (the servers' own).

  keys create --role <author|reviewer|auditor|admin|integration> (--employee <personId> | --system <name>)
              [--organisation <id>] [--label <text>]
      Creates an API key and prints it once.
  keys list [--organisation <id>]
      Lists the organisation's keys: prefix, role, actor, label, created, expires, last used, revoked.
  keys revoke <prefix> [--organisation <id>]
      Revokes a key: it is refused from then on.
  rebuild     Forgets every read model and builds them again from the first event.
              Refused while a server keeps the read models.
  verify      Folds every event afresh and compares the result with the stored read models.
  export      Writes every event, in order, as one JSON object per line to standard output.
  migrate     Brings the PostgreSQL schema up to date (servers also do this when they start).
  copy --from <store> --to <store>
              Copies the whole event log into an empty store, keeping ids, order, streams
              and revisions, then checks count and digest of both. A store is a postgres://
              URL, or sqlite:<data folder or .db file>. The target's read models are built
              when a server first starts on it.
`;

const quiet = () => pino({ level: 'warn' }, pino.destination(2));

/** Commands that open their stores themselves rather than the configured runtime. */
const standalone: Record<string, (args: string[]) => Promise<number>> = {
  migrate,
  copy,
};

const commands: Record<string, (runtime: Runtime, args: string[]) => Promise<number>> = {
  'keys create': createKey,
  'keys list': listKeys,
  'keys revoke': revokeKey,
  rebuild,
  verify,
  export: exportEvents,
};

async function main(argv: string[]): Promise<number> {
  const name = argv[0] === 'keys' ? `keys ${argv[1] ?? ''}` : (argv[0] ?? '');
  const command = commands[name];
  const other = standalone[name];
  if ((command === undefined && other === undefined) || argv.includes('--help')) {
    process.stdout.write(usage);
    return argv.includes('--help') ? 0 : 2;
  }
  if (other !== undefined) return other(argv.slice(1));

  // Every command leaves the read models to a server that may be running; a rebuild takes them
  // over first, and is refused while a server keeps them.
  const runtime = await openRuntime(loadConfig(), quiet(), { project: false, admin: true });
  try {
    return await command!(runtime, argv.slice(name.split(' ').length));
  } finally {
    await runtime.close();
  }
}

async function listKeys(runtime: Runtime, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { organisation: { type: 'string', default: defaultOrganisation } },
  });
  for (const key of await runtime.apiKeys.list(values.organisation)) {
    const fields = [key.prefix, key.role, key.actorId, JSON.stringify(key.label), key.createdAt];
    const states = [
      `expires=${key.expiresAt ?? 'never'}`,
      `last-used=${key.lastUsedAt ?? 'never'}`,
      `revoked=${key.revokedAt ?? 'no'}`,
    ];
    process.stdout.write(`${[...fields, ...states].join(' ')}\n`);
  }
  return 0;
}

async function revokeKey(runtime: Runtime, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { organisation: { type: 'string', default: defaultOrganisation } },
  });
  const prefix = positionals[0];
  if (prefix === undefined || positionals.length > 1) {
    process.stderr.write('keys revoke needs the prefix of one key\n');
    return 2;
  }
  const context = operatorContext(values.organisation, 'cli', timeOrderedId());
  if (!(await revokeAndRecord(recordingOf(runtime), context, prefix))) {
    process.stderr.write(`no key ${prefix} in organisation ${values.organisation}\n`);
    return 1;
  }
  process.stdout.write(`revoked ${prefix}\n`);
  return 0;
}

async function createKey(runtime: Runtime, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      employee: { type: 'string' },
      system: { type: 'string' },
      organisation: { type: 'string', default: defaultOrganisation },
      label: { type: 'string', default: 'created on the command line' },
    },
  });

  const role = roles.find((r) => r === values.role);
  if (role === undefined || (values.employee === undefined) === (values.system === undefined)) {
    process.stderr.write(
      `keys create needs --role (${roles.join(', ')}) and one of --employee or --system\n`,
    );
    return 2;
  }

  if (values.employee !== undefined) {
    const employee = await runtime.queries.directory.person(values.organisation, values.employee);
    if (employee?.kind !== 'employee') {
      process.stderr.write(
        `no employee ${values.employee} in organisation ${values.organisation}\n`,
      );
      return 2;
    }
    if (employee.erasedAt !== undefined) {
      process.stderr.write(`employee ${values.employee} was erased: nothing more in their name\n`);
      return 2;
    }
  }

  const actor =
    values.employee === undefined
      ? { actorId: `system:${values.system}`, actorKind: 'system' as const }
      : { actorId: values.employee, actorKind: 'employee' as const };
  const context = operatorContext(values.organisation, 'cli', timeOrderedId());
  const { token } = await issueKey(recordingOf(runtime), context, {
    role,
    label: values.label,
    ...actor,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

/** Key changes are recorded as events; the command line keeps no read models, so waits for none. */
function recordingOf(runtime: Runtime) {
  return {
    commands: runtime.services.commands,
    apiKeys: runtime.apiKeys,
    waitForReadModels: false,
  };
}

async function rebuild(runtime: Runtime): Promise<number> {
  const release = await runtime.storage.holdReadModels();
  if (release === undefined) {
    process.stderr.write('a server is keeping the read models of this store; stop it first\n');
    return 1;
  }

  const started = Date.now();
  try {
    await runtime.projector.rebuild();
  } finally {
    await runtime.projector.stop();
    await release();
  }
  process.stdout.write(
    `rebuilt ${projections.length} read models to position ${runtime.projector.reached.position} in ${Date.now() - started} ms\n`,
  );
  return 0;
}

async function verify(runtime: Runtime): Promise<number> {
  const differences = await runtime.snapshot(() =>
    verifyReadModels(runtime.store, runtime.readStore, projections),
  );

  for (const { projection, key, problem } of differences)
    process.stdout.write(`${projection} ${key}: ${problem}\n`);
  process.stdout.write(
    differences.length === 0
      ? 'read models match the events\n'
      : `${differences.length} differences\n`,
  );
  return differences.length === 0 ? 0 : 1;
}

async function exportEvents(runtime: Runtime): Promise<number> {
  for await (const page of pagesOf(runtime.store, 1000)) {
    for (const event of page) process.stdout.write(`${JSON.stringify(event)}\n`);
  }
  return 0;
}

async function migrate(): Promise<number> {
  const config = loadConfig();
  if (config.store !== 'postgres') {
    process.stdout.write('the embedded store creates and updates its tables when it opens\n');
    return 0;
  }
  const storage = await openPostgresStorage(config.databaseUrl!, quiet(), { admin: true });
  await storage.close();
  process.stdout.write('the PostgreSQL schema is up to date\n');
  return 0;
}

async function copy(args: string[]): Promise<number> {
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { from: { type: 'string' }, to: { type: 'string' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const { from, to } = values;
  const named = (store: string | undefined): store is string =>
    store !== undefined && (postgresUrl.test(store) || /^sqlite:./.test(store));
  if (!named(from) || !named(to)) {
    process.stderr.write(
      'copy needs --from <store> and --to <store>, each a postgres:// URL or sqlite:<folder or .db file>\n',
    );
    return 2;
  }
  if (!postgresUrl.test(from) && !existsSync(sqliteFile(from))) {
    process.stderr.write(`no embedded store at ${sqliteFile(from)}\n`);
    return 2;
  }

  const source = await openStoreOrSay(from, 'source');
  const target = source && (await openStoreOrSay(to, 'target'));
  if (source === undefined || target === undefined) {
    await source?.close();
    return 1;
  }
  // Nothing may read or write the target while its log is being written.
  const release = await target.holdReadModels();
  try {
    if (release === undefined) {
      process.stderr.write('a server is running on the target store; stop it first\n');
      return 1;
    }
    const started = Date.now();
    const { count, digest } = await copyLog(source.store, target.store);
    // Keys go along (as hashes), so integrations keep working on the new store.
    const keys = await target.apiKeys.restore(await source.apiKeys.all());
    // Data keys go along still wrapped: the target must be served with the source's master key.
    const people = await target.personKeys.restore(await source.personKeys.all());
    process.stdout.write(
      `copied ${count} events, ${keys} API keys and ${people} people's data keys in ${Date.now() - started} ms; ` +
        `both logs have digest ${digest}\n${masterKeyAdvice(from, to)}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof TargetNotEmptyError) {
      process.stderr.write(`${error.message}: give it an empty database or data folder\n`);
      return 1;
    }
    if (!(error instanceof CopyMismatchError)) throw error;
    process.stderr.write(
      `${error.message}. The target holds a partial copy: drop it before trying again\n`,
    );
    return 1;
  } finally {
    await release?.();
    await source.close();
    await target.close();
  }
}

const postgresUrl = /^postgres(ql)?:\/\//;

/** A store named on the command line, or undefined after saying why it cannot be opened. */
async function openStoreOrSay(
  name: string,
  end: 'source' | 'target',
): Promise<Storage | undefined> {
  try {
    if (postgresUrl.test(name)) {
      // A source is only read: a database without the schema is a mistake, not one to set up.
      const migrate = end === 'target';
      return await openPostgresStorage(name, quiet(), { admin: true, migrate });
    }
    return openSqliteStorage(sqliteFile(name));
  } catch (error) {
    // The URL may carry a password: name the store by its kind only.
    const kind = postgresUrl.test(name) ? 'PostgreSQL' : 'embedded';
    process.stderr.write(`cannot open the ${kind} store: ${explained(error)}\n`);
    return undefined;
  }
}

/**
 * The sealed text on the target opens only with the source's master key. An
 * embedded source without a configured key keeps it in its folder: an
 * embedded target gets a copy of that file, and a PostgreSQL one needs it set.
 */
function masterKeyAdvice(from: string, to: string): string {
  if (process.env.LEARNING_LOG_MASTER_KEY || postgresUrl.test(from)) {
    return 'serve the target with the same LEARNING_LOG_MASTER_KEY as the source\n';
  }
  const keyFile = join(dirname(sqliteFile(from)), 'master.key');
  if (!existsSync(keyFile)) return '';
  if (!postgresUrl.test(to)) {
    const targetKey = join(dirname(sqliteFile(to)), 'master.key');
    if (!existsSync(targetKey)) copyFileSync(keyFile, targetKey);
    return `the source's master key went along to ${targetKey}\n`;
  }
  return `serve the target with LEARNING_LOG_MASTER_KEY set to the contents of ${keyFile}\n`;
}

function sqliteFile(name: string): string {
  const path = name.replace(/^sqlite:/, '');
  return path.endsWith('.db') ? path : join(path, 'learning-log.db');
}

// `export | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

/** Configuration and store problems are the operator's to fix: say them plainly, without a stack. */
async function mainOrSay(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof WrongMasterKeyError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await mainOrSay(process.argv.slice(2));
