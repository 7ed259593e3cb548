import { parseArgs } from 'node:util';
import pino from 'pino';
import { verifyReadModels } from '../projections/engine/verify.ts';
import { pagesOf } from './event-store/read-log.ts';
import { defaultOrganisation } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { openRuntime, projections, type Runtime } from './runtime.ts';
import { markServer, StoreInUseError } from './server-lock.ts';

const usage = `learning-log admin commands (they act on LEARNING_LOG_DATA_DIR, default ./data):

  keys create --role <author|reviewer|auditor|admin> (--employee <personId> | --system <name>)
              [--organisation <id>] [--label <text>]
      Creates an API key and prints it once.
  rebuild     Forgets every read model and builds them again from the first event.
  verify      Folds every event afresh and compares the result with the stored read models.
  export      Writes every event, in order, as one JSON object per line to standard output.
`;

const commands: Record<string, (runtime: Runtime, args: string[]) => Promise<number>> = {
  'keys create': createKey,
  rebuild,
  verify,
  export: exportEvents,
};

async function main(argv: string[]): Promise<number> {
  const name = argv[0] === 'keys' ? `keys ${argv[1] ?? ''}` : (argv[0] ?? '');
  const command = commands[name];
  if (command === undefined || argv.includes('--help')) {
    process.stdout.write(usage);
    return command === undefined && !argv.includes('--help') ? 2 : 0;
  }

  const config = loadConfig();
  // A rebuild holds the store as a server does: refused beside one, and no server starts meanwhile.
  const release = name === 'rebuild' ? holdStore(config.dataDir) : () => {};
  if (release === undefined) return 1;

  // Only a rebuild projects; the others leave the read models to a server that may be running.
  const runtime = await openRuntime(config, pino({ level: 'warn' }, pino.destination(2)), {
    project: name === 'rebuild',
  });
  try {
    return await command(runtime, argv.slice(name.split(' ').length));
  } finally {
    await runtime.close();
    release();
  }
}

function holdStore(dataDir: string): (() => void) | undefined {
  try {
    return markServer(dataDir);
  } catch (error) {
    if (!(error instanceof StoreInUseError)) throw error;
    process.stderr.write(`${error.message}; stop it before rebuilding\n`);
    return undefined;
  }
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

  const roles = ['author', 'reviewer', 'auditor', 'admin'] as const;
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
  }

  const actor =
    values.employee === undefined
      ? { actorId: `system:${values.system}`, actorKind: 'system' as const }
      : { actorId: values.employee, actorKind: 'employee' as const };
  const { token } = await runtime.apiKeys.create(
    { role, tenant: values.organisation, label: values.label, ...actor },
    new Date(),
  );
  process.stdout.write(`${token}\n`);
  return 0;
}

async function rebuild(runtime: Runtime): Promise<number> {
  const started = Date.now();
  await runtime.projector.rebuild();
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

process.exitCode = await main(process.argv.slice(2));
