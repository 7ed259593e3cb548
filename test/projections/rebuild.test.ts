import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { ReadStore } from '../../projections/engine/read-store.ts';
import { SqliteReadStore } from '../../projections/engine/sqlite-read-store.ts';
import { verifyReadModels } from '../../projections/engine/verify.ts';
import { openSqliteDatabase } from '../../src/event-store/sqlite.ts';
import { projections } from '../../src/runtime.ts';
import { opened } from '../helpers/opened.ts';
import { openOrganisation } from '../application/organisation.ts';
import { larkspurHouse } from './scenario.ts';

/**
 * The runtime keeps its read store to itself, so the test reads the same
 * file through a second connection: what a `verify` command would see.
 */
async function scenarioOnFile(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'learning-log-rebuild-'));
  const databaseFile = join(dir, 'learning-log.db');
  const organisation = await openOrganisation(t, { databaseFile });
  const ids = await larkspurHouse(organisation);

  const db = openSqliteDatabase(databaseFile);
  t.teardown(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { ...organisation, ids, readStore: new SqliteReadStore(db) };
}

async function dumpAll(readStore: ReadStore): Promise<Record<string, Array<[string, string]>>> {
  const dumps: Record<string, Array<[string, string]>> = {};
  for (const projection of projections)
    dumps[projection.name] = await readStore.dump(projection.name);
  return dumps;
}

t.test(
  'three weeks at Larkspur House: stored read models equal a fold from position 0',
  async (t) => {
    const { runtime, readStore } = await scenarioOnFile(t);

    const differences = await verifyReadModels(runtime.store, readStore, projections);

    t.strictSame(differences, [], 'no document missing, unexpected or different');
    t.equal(await runtime.store.headPosition(), 50, 'the whole scenario was appended');
  },
);

t.test('a rebuild from position 0 gives the same read models, byte for byte', async (t) => {
  const { runtime, readStore, ids } = await scenarioOnFile(t);
  const before = await dumpAll(readStore);

  await runtime.projector.rebuild();
  const after = await dumpAll(readStore);

  for (const projection of projections) {
    t.ok(
      before[projection.name]!.length > 0,
      `${projection.name} has documents, so the comparison means something`,
    );
    t.strictSame(
      after[projection.name],
      before[projection.name],
      `${projection.name}: same keys, same JSON`,
    );
  }
  t.equal(
    JSON.stringify(after),
    JSON.stringify(before),
    'the whole dump is byte-for-byte identical',
  );
  t.same(
    runtime.projector.reached,
    await runtime.store.head(),
    'the projector is back at the head',
  );
  t.equal(
    (await runtime.queries.logs.log('org-larkspur-support', ids.log))?.entryCount,
    10,
    'counters were not doubled',
  );
});

t.test('the scenario reads as it should after the rebuild', async (t) => {
  const { runtime, ids } = await scenarioOnFile(t);
  await runtime.projector.rebuild();
  const org = 'org-larkspur-support';
  const [logs, reviews, acknowledgements, documents] = [
    runtime.queries.logs,
    runtime.queries.reviews,
    runtime.queries.acknowledgements,
    runtime.queries.documents,
  ].map((queries) => opened(runtime, org, queries)) as [
    typeof runtime.queries.logs,
    typeof runtime.queries.reviews,
    typeof runtime.queries.acknowledgements,
    typeof runtime.queries.documents,
  ];

  const withdrawn = await logs.entry(org, ids.entries[3]!);
  const firstReview = await reviews.review(org, ids.review);
  const profile = await documents.current(org, ids.profile);
  const owed = await acknowledgements.readersOf(org, ids.profile);

  t.equal(
    withdrawn?.withdrawal?.reason,
    'Written about the wrong person.',
    'the withdrawn entry is still there, with its reason',
  );
  t.strictSame(
    firstReview?.entryIds,
    [ids.entries[0], ids.entries[1], ids.entries[2], ids.entries[4], ids.entries[5]],
    'the first review covered five entries up to 8 March, not the withdrawn one',
  );
  t.strictSame(
    firstReview?.decisions.flatMap((d) => (d.kind === 'insight' ? [[d.decisionId, d.status]] : [])),
    [
      [ids.quiet, 'applied'],
      [ids.gloves, 'declined'],
    ],
    'one insight applied, one declined',
  );
  t.equal(profile.version, 3, 'the profile is at version 3');
  t.strictSame(
    owed.readers.map((reader) => [reader.employeeId, reader.owesLatest]),
    [
      [ids.tobias, false],
      [ids.ines, true],
      [ids.oskar, true],
      [ids.ravi, false],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    'Tobias and Ravi have read version 3; Ines and Oskar owe it',
  );
});
