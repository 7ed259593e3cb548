import { execFile } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Test } from 'tap';

const run = promisify(execFile);

/** A file system made for one test, or why this machine would not make one. */
export type Mounted<M> = { readonly mounted: M } | { readonly refused: string };

/** An ext4 file system in an image file, on a loop device. */
export interface Ext4Mount {
  readonly dir: string;
  /** Makes the kernel meet an error in the file system, which it then turns read-only. */
  fail(): Promise<void>;
  /** Unmounts, checks and repairs the file system as an operator would, and mounts it again. */
  repair(): Promise<void>;
}

// What mount says when this process may not mount, or the machine has no loop devices.
const notPermitted = /permission denied|not permitted|must be superuser|loop device/i;

/**
 * Mounts a tmpfs of `sizeKb` on a fresh temporary folder, unmounted and
 * removed when the test ends.
 */
export async function mountTmpfs(t: Test, sizeKb: number): Promise<Mounted<string>> {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-disk-'));
  const refused = await mount(t, dir, ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  return refused === undefined ? { mounted: dir } : { refused };
}

/**
 * Makes an ext4 file system of `sizeMb` in an image file and mounts it with
 * `errors=remount-ro`, so that an error makes the kernel turn it read-only
 * under whoever has files open on it.
 */
export async function mountExt4(t: Test, sizeMb: number): Promise<Mounted<Ext4Mount>> {
  const image = join(mkdtempSync(join(tmpdir(), 'learning-log-image-')), 'disk.img');
  t.teardown(() => rmSync(join(image, '..'), { recursive: true, force: true }));
  writeFileSync(image, '');
  await run('truncate', ['-s', `${sizeMb}M`, image]);
  try {
    await run('mkfs.ext4', ['-q', '-F', image]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { refused: 'no mkfs.ext4' };
    throw error;
  }

  const dir = mkdtempSync(join(tmpdir(), 'learning-log-disk-'));
  const options = ['-o', 'loop,errors=remount-ro', image, dir];
  const refused = await mount(t, dir, options);
  if (refused !== undefined) return { refused };

  const device = (await run('findmnt', ['-n', '-o', 'SOURCE', dir])).stdout.trim();
  const trigger = `/sys/fs/ext4/${basename(device)}/trigger_fs_error`;
  if (!existsSync(trigger)) return { refused: `this kernel has no ${trigger}` };
  return {
    mounted: {
      dir,
      fail: async () => writeFileSync(trigger, '1'),
      async repair() {
        await run('umount', [dir]);
        // 1: errors were found and corrected, which is what is expected here.
        await run('e2fsck', ['-f', '-y', image]).catch((error: { code?: number }) => {
          if (error.code !== 1) throw error;
        });
        await run('mount', options);
      },
    },
  };
}

/** Writes a file into `dir` until the file system has no space left; returns its path. */
export function fillUp(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x2e);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return file;
}

/** Mounts, and unmounts in the teardown whatever happens; the reason when not permitted. */
async function mount(t: Test, dir: string, args: string[]): Promise<string | undefined> {
  try {
    await run('mount', args);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const said = `${(error as { stderr?: string }).stderr ?? ''} ${(error as Error).message}`;
    if (notPermitted.test(said)) return `mount is not permitted here: ${said.trim()}`;
    throw error;
  }

  t.teardown(async () => {
    // Lazily if a process that died with the test still holds a file open in it.
    await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
    rmSync(dir, { recursive: true, force: true });
  });
  return undefined;
}
