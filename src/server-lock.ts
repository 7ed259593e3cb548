import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A server marks the data folder it uses with its process id, so that admin
 * commands which must not run beside it (a rebuild) can refuse. A mark left
 * by a killed server is recognised as stale.
 */
const markFile = (dataDir: string): string => join(dataDir, 'server.pid');

export function markServer(dataDir: string): () => void {
  if (dataDir === ':memory:') return () => {};
  writeFileSync(markFile(dataDir), String(process.pid));
  return () => rmSync(markFile(dataDir), { force: true });
}

/** The process id of a live server using this folder, if any. */
export function runningServer(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(markFile(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;

  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}
