import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { openSqliteStorage } from '../../src/storage/sqlite.ts';
import { newEvent } from '../event-store/contract.ts';

// A checkpoint moved out of the commits once let the write-ahead log grow for as long as
// writes came: hundreds of megabytes in seconds. Whatever checkpoints, this must hold.
t.test('under writes that never pause, the write-ahead log stays a few megabytes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-log-size-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'learning-log.db');
  const storage = openSqliteStorage(file);
  t.teardown(() => storage.close());
  const body = 'x'.repeat(1000);
  const sizeOfLog = () => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

  let largest = 0;
  let appended = 0;
  for (const started = Date.now(); Date.now() - started < 3000; appended++) {
    const event = newEvent(appended, { data: { body } as never });
    await storage.store.append(`stream-${randomUUID()}`, [event], {
      expectedRevision: 'no-stream',
    });
    if (appended % 50 === 0) largest = Math.max(largest, sizeOfLog());
  }

  t.ok(appended > 1000, `${appended} appends, each a commit`);
  t.ok(largest < 16 * 1024 * 1024, `the log's largest size was ${largest} bytes`);
});
