import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A server marks the data folder it uses with its process id: a second server
 * on the same folder refuses to start, and admin commands that must not run
 * beside a server (a rebuild) refuse too. A mark left by a killed server is
 * recognised as stale and replaced.
 */
const markFile = (dataDir: string): string => join(dataDir, 'server.pid');

export class StoreInUseError extends Error {
  constructor(readonly pid: number) {
    super(`a server (process ${pid}) is already using this store`);
    this.name = 'StoreInUseError';
  }
}

/** Marks the folder as this process's, or throws when a live server holds it. Returns the unmarking. */
export function markServer(dataDir: string): () => void {
  if (dataDir === ':memory:') return () => {};
  mkdirSync(dataDir, { recursive: true });
  const file = markFile(dataDir);

  for (let attempt = 0; ; attempt += 1) {
    try {
      // Exclusive create: of two servers starting at once, only one gets the mark.
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = runningServer(dataDir);
      if (holder !== undefined) throw new StoreInUseError(holder);
      rmSync(file, { force: true });
    }
  }

  return () => {
    if (readMark(dataDir) !== process.pid) return;
    try {
      rmSync(file, { force: true });
    } catch {
      // A read-only disk, say. The next start sees that this process is gone and takes the mark.
    }
  };
}

/** The process id of a live server using this folder, if any. */
export function runningServer(dataDir: string): number | undefined {
  const pid = readMark(dataDir);
  if (pid === undefined || pid === process.pid) return undefined;

  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function readMark(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(markFile(dataDir), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
