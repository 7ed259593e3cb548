import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { keyBytes, newDataKey } from './cipher.ts';

/**
 * The master key for a store. A configured one always wins. Without one, the
 * embedded store keeps a key file of its own beside its database (readable by
 * its owner only), and an in-memory store makes one up for its lifetime.
 * PostgreSQL needs a configured key: every instance must hold the same one.
 */
/** Where the embedded store keeps its own master key. */
export function keyFileOf(databaseFile: string): string {
  return join(dirname(databaseFile), 'master.key');
}

export function masterKeyFor(options: {
  configured: Buffer | undefined;
  store: 'sqlite' | 'postgres';
  databaseFile: string;
}): Buffer {
  if (options.configured !== undefined) return options.configured;
  if (options.store === 'postgres') {
    throw new Error('LEARNING_LOG_MASTER_KEY is required with PostgreSQL.');
  }
  if (options.databaseFile === ':memory:') return newDataKey();

  const file = keyFileOf(options.databaseFile);
  if (!existsSync(file)) writeKeyFile(file, newDataKey());
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== keyBytes) throw new Error(`${file} does not hold a 32-byte key in base64.`);
  return key;
}

/**
 * Writes a new key file so that it is on the disk, whole, before anything is
 * sealed with the key: a key lost to a power cut would leave every sealed text
 * in the database unreadable. The key goes into a draft that is flushed, then
 * linked under its name (refused if another process got there first), and the
 * folder is flushed too.
 */
function writeKeyFile(file: string, key: Buffer): void {
  const draft = `${file}.${process.pid}.new`;
  const fd = openSync(draft, 'w', 0o600);
  try {
    writeSync(fd, key.toString('base64') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, file);
  } finally {
    rmSync(draft, { force: true });
  }
  const folder = openSync(dirname(file), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}
