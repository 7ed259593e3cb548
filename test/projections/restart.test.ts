import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import { SqliteReadStore } from '../../projections/engine/sqlite-read-store.ts';
import { verifyReadModels } from '../../projections/engine/verify.ts';
import { acknowledge } from '../../src/application/acknowledgements.ts';
import { changeDocument } from '../../src/application/documents.ts';
import { openLog, recordEntry } from '../../src/application/learning.ts';
import { changeTeam, formTeam, registerPerson } from '../../src/application/people.ts';
import { documentStream, type DocumentRef } from '../../src/domain/vocabulary.ts';
import { openSqliteDatabase } from '../../src/event-store/sqlite.ts';
import { projections } from '../../src/runtime.ts';
import { openOrganisation, type Organisation } from '../application/organisation.ts';
import { employee, entryAt, ORG } from './events.ts';

/** A pino logger at debug level whose lines the test can read. */
function capturedLog() {
  const lines: Array<{ msg: string; count?: number }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
      done();
    },
  });
  return { lines, log: pino({ level: 'debug' }, sink) };
}

const evening = (day: string) =>
  entryAt(`2025-03-${day}T19:00:00Z`, { present: { employeeIds: [], others: [] } });

/** Wren, Tobias in the team that supports her, a log with three entries, a profile he has read. */
async function firstWeek({ services: s, as, admin }: Organisation) {
  const register = (displayName: string, kind: 'employee' | 'supported-person') =>
    registerPerson(s, as(admin), { kind, displayName, externalRef: null });
  const wren = await register('Wren Halloway', 'supported-person');
  const tobias = await register('Tobias Quill', 'employee');
  const team = await formTeam(s, as(admin), { name: 'Larkspur House', purpose: null });
  await changeTeam(s, as(admin), 'AddMember', team, tobias);
  await changeTeam(s, as(admin), 'StartSupporting', team, wren);
  const subject = { kind: 'person', personId: wren } as const;
  const log = await openLog(s, as(admin), { subject, purpose: 'Evenings', reviewRhythm: 'weekly' });
  for (const day of ['03', '04', '05']) {
    await recordEntry(s, as(employee(tobias)), log, evening(day));
  }
  const profile: DocumentRef = { kind: 'one-page-profile', subjectId: wren };
  const change = {
    operation: 'add',
    section: 'how-to-support',
    text: 'Say the plan once.',
  } as const;
  await changeDocument(s, as(admin), profile, 0, change, {
    kind: 'direct-edit',
    reason: 'Intake.',
  });
  await acknowledge(s, as(employee(tobias)), profile, { version: 1 });
  return { tobias, log, profile };
}

t.test('after a restart on a file the projector resumes at its checkpoint', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-restart-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const databaseFile = join(dir, 'learning-log.db');
  const first = await openOrganisation(t, { databaseFile });
  const { tobias, log, profile } = await firstWeek(first);
  await first.runtime.close();

  const captured = capturedLog();
  const again = await openOrganisation(t, {
    databaseFile,
    firstId: 2000,
    startMinute: 100,
    ...captured,
  });
  const head = await again.runtime.store.headPosition();
  await again.runtime.projector.waitFor(await again.runtime.store.head(), 2000);
  const advancedOnStart = captured.lines.filter((line) => line.msg === 'projections advanced');
  const afterRestart = await again.runtime.queries.logs.log(ORG, log);
  await recordEntry(again.services, again.as(employee(tobias)), log, evening('06'));
  const advanced = captured.lines.filter((line) => line.msg === 'projections advanced');

  const db = openSqliteDatabase(databaseFile);
  t.teardown(() => db.close());
  const readStore = new SqliteReadStore(db);
  const checkpoints = await Promise.all(projections.map((p) => readStore.checkpoint(p.name)));
  const acks = await readStore.get('acknowledgements', `document:${documentStream(profile)}`);
  const byEmployee = acks?.['byEmployee'] as Record<string, unknown[]> | undefined;

  t.strictSame(
    advancedOnStart,
    [],
    'on start nothing is applied again: every checkpoint was at the head',
  );
  t.strictSame(
    advanced.map((line) => line.count),
    [1],
    'then exactly the one new event',
  );
  t.equal(afterRestart?.entryCount, 3, 'the three entries are counted once after the restart');
  t.equal((await again.runtime.queries.logs.log(ORG, log))?.entryCount, 4, 'one more makes four');
  t.equal(byEmployee?.[tobias]?.length, 1, 'one acknowledgement of version 1, not two');
  t.strictSame(
    checkpoints,
    projections.map(() => ({ commit: head + 1, position: head + 1 })),
    'every checkpoint stored at the head',
  );
  t.strictSame(await verifyReadModels(again.runtime.store, readStore, projections), [], 'no drift');
});
