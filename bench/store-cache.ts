import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { generateStore, type Manifest } from './generate.ts';

/** A generated store ready to measure: a private copy of the cached one. */
export interface BigStore {
  readonly dir: string;
  readonly databaseFile: string;
  /** The master key that opens its sealed text, as the service would read it from the folder. */
  readonly masterKey: Buffer;
  readonly manifest: Manifest;
  dispose(): void;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const databaseName = 'learning-log.db';

/*
 * What decides the bytes of a generated store: the SQLite schemas, the event
 * catalogue, the sealing, the read models and the generator itself. A change
 * to any of them makes a new cache entry; other changes in src/ reuse it.
 */
const inputs = [
  'src/domain',
  'src/event-store/sqlite.ts',
  'src/personal-data',
  'src/storage/sqlite.ts',
  'src/read-audit/sqlite.ts',
  'src/http/auth/api-keys-sqlite.ts',
  'src/application/idempotency-sqlite.ts',
  'projections',
  'bench/generate.ts',
  'bench/team-history.ts',
  'bench/entry-content.ts',
];

/**
 * A copy of the store of about `events` events, generated once and cached in
 * the system's temporary folder under its event count and a hash of what
 * shapes it. Generating writes to memory (/dev/shm) where there is one: the
 * generator's own flushes to disk are not what is measured.
 */
export async function bigStore(
  events: number,
  log: Logger,
  options: { fresh?: boolean } = {},
): Promise<BigStore> {
  const cache = join(tmpdir(), 'learning-log-bench');
  const entry = `events-${events}-${inputsHash()}`;
  const cached = join(cache, entry);
  if (options.fresh) rmSync(cached, { recursive: true, force: true });
  if (!existsSync(join(cached, 'manifest.json'))) {
    removeUnused(cache, events);
    await generateInto(cached, events, log);
  }
  // Marks the entry as used: other work trees share the cache, each with its own entries.
  const now = new Date();
  utimesSync(join(cached, 'manifest.json'), now, now);

  const dir = mkdtempSync(join(tmpdir(), 'll-bench-big-'));
  cpSync(cached, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  return {
    dir,
    databaseFile: join(dir, databaseName),
    masterKey: Buffer.from(readFileSync(join(dir, 'master.key'), 'utf8').trim(), 'base64'),
    manifest,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function generateInto(cached: string, events: number, log: Logger): Promise<void> {
  const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  removeAbandoned(scratch);
  const building = mkdtempSync(join(scratch, `ll-bench-building-${process.pid}-`));
  try {
    process.stderr.write(`generating a store of about ${events} events (cached for later runs)\n`);
    const manifest = await generateStore(join(building, databaseName), events, log);

    // The manifest comes last: a generation cut short leaves no entry that looks whole.
    mkdirSync(cached, { recursive: true });
    // Closing the store folded its write-ahead log into the database file; copy whatever is left.
    for (const file of readdirSync(building))
      copyFileSync(join(building, file), join(cached, file));
    writeFileSync(join(cached, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const seconds = (manifest.generatedInMs / 1000).toFixed(0);
    process.stderr.write(`generated ${manifest.events} events in ${seconds} s into ${cached}\n`);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * A million events take gigabytes: entries of the same size that no run has
 * used for a day go before a new one is made. Younger ones may belong to
 * another work tree's code, and are left alone.
 */
function removeUnused(cache: string, events: number): void {
  const dayAgo = Date.now() - 24 * 60 * 60_000;
  for (const name of existsSync(cache) ? readdirSync(cache) : []) {
    const entry = join(cache, name);
    const manifest = join(entry, 'manifest.json');
    const used = statSync(existsSync(manifest) ? manifest : entry).mtimeMs;
    if (name.startsWith(`events-${events}-`) && used < dayAgo) rmSync(entry, { recursive: true });
  }
}

/** Folders left by generations that were stopped midway: in /dev/shm they hold memory. */
function removeAbandoned(scratch: string): void {
  for (const name of readdirSync(scratch)) {
    const pid = /^ll-bench-building-(\d+)-/.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) {
      rmSync(join(scratch, name), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((input) => filesUnder(join(repoRoot, input))).sort()) {
    hash.update(relative(repoRoot, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}
