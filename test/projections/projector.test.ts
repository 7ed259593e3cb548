import t from 'tap';
import {
  Projector,
  ProjectionStalledError,
  ProjectionTimeoutError,
} from '../../projections/engine/projector.ts';
import { registerPerson } from '../../src/application/people.ts';
import { StoreUnavailableError } from '../../src/event-store/errors.ts';
import { logStream } from '../../src/domain/learning-log.ts';
import { personStream } from '../../src/domain/person.ts';
import { teamStream } from '../../src/domain/team.ts';
import { projections } from '../../src/runtime.ts';
import { openOrganisation } from '../application/organisation.ts';
import { at, History, id, INES, LOG, ORG, registerWren, TOBIAS, WREN } from './events.ts';
import { projected, recordingLog } from './read-models.ts';

const NEVER_FORMED = id(11);

function poisoned(): { history: History; healthy: number } {
  const history = new History();
  registerWren(history);
  history.record(personStream(TOBIAS), 'PersonRegistered', {
    personId: TOBIAS,
    kind: 'employee',
    displayName: 'Tobias Quill',
    externalRef: null,
  });
  const healthy = history.events.length;
  // Written past the deciders: a member joins a team that was never formed.
  history.record(teamStream(NEVER_FORMED), 'TeamMemberJoined', {
    teamId: NEVER_FORMED,
    personId: TOBIAS,
  });
  history.record(personStream(INES), 'PersonRegistered', {
    personId: INES,
    kind: 'employee',
    displayName: 'Ines Marlow',
    externalRef: null,
  });
  history.record(logStream(LOG), 'LearningLogOpened', {
    logId: LOG,
    subject: { kind: 'person', personId: WREN },
    purpose: 'Mornings',
    reviewRhythm: 'weekly',
  });
  return { history, healthy };
}

t.test('a poison event stops the projection loudly and nothing after it is applied', async (t) => {
  const { history, healthy } = poisoned();
  const { store, readStore, projector, log, append } = await projected(
    t,
    history.events.slice(0, healthy),
  );

  await append(history.events.slice(healthy), { wait: false });
  const stalled = await projector.waitFor(at(5), 2000).catch((error: unknown) => error);

  t.type(stalled, ProjectionStalledError, 'waitFor rejects: the read models will not get there');
  t.match(
    projector.failure,
    { projection: 'directory', position: 3, eventType: 'TeamMemberJoined', message: String },
    'failure names projection, position and event type',
  );
  t.strictSame(
    (stalled as ProjectionStalledError).failure,
    projector.failure,
    'the error carries the same failure',
  );
  t.strictSame(
    log.lines.filter((line) => line.level === 'error'),
    [
      {
        level: 'error',
        fields: { projection: 'directory', position: 3, eventType: 'TeamMemberJoined' },
        message: 'projection stopped',
      },
    ],
    'exactly one error logged: where it stopped, and no event data',
  );
  t.same(
    await readStore.checkpoint('directory'),
    at(2),
    'directory stays just before the poison event',
  );
  t.equal(
    await readStore.get('directory', `person:${INES}`),
    undefined,
    'Ines, registered after it, is not applied',
  );
  t.equal(
    await readStore.get('learning-logs', `log:${LOG}`),
    undefined,
    'nor the log opened after it, in another projection',
  );
  t.ok(projector.reached.position < 3, 'the projector does not claim the poison position');
  t.equal(await store.headPosition(), 5, 'the events themselves are all stored');
  await t.resolves(
    projector.waitFor(projector.reached, 50),
    'a position before the stall is still readable',
  );
  await t.rejects(
    projector.waitFor(at(3), 50),
    ProjectionStalledError,
    'the stalled position reports the stall, never silence',
  );

  projector.stop();
  const restarted = new Projector(store, readStore, projections, recordingLog());
  await restarted.start();
  await t.rejects(
    restarted.waitFor(at(5), 2000),
    ProjectionStalledError,
    'a restart stops at the same event again',
  );
  t.equal(restarted.failure?.position, 3, 'same position: it was not skipped');
  restarted.stop();
});

t.test('a write behind a stalled projection is stored but does not answer as read', async (t) => {
  const { runtime, services, as, admin } = await openOrganisation(t);
  const tobias = await registerPerson(services, as(admin), {
    kind: 'employee',
    displayName: 'Tobias Quill',
    externalRef: null,
  });
  await runtime.store.append(
    teamStream(NEVER_FORMED),
    [
      {
        id: id(990),
        type: 'TeamMemberJoined',
        schemaVersion: 1,
        occurredAt: '2025-03-10T09:00:00.000Z',
        recordedAt: '2025-03-10T09:00:00.000Z',
        actor: admin,
        tenant: ORG,
        correlationId: 'correlation-poison',
        causationId: null,
        data: { teamId: NEVER_FORMED, personId: tobias },
      },
    ],
    { expectedRevision: 'no-stream' },
  );

  const write = registerPerson(services, as(admin), {
    kind: 'employee',
    displayName: 'Ines Marlow',
    externalRef: null,
  });

  await t.rejects(write, ProjectionStalledError, 'the service reports the stall to its caller');
  t.equal(await runtime.store.headPosition(), 3, 'the registration itself was appended');
});

t.test('waitFor gives up with a timeout when the position never comes', async (t) => {
  const { history, healthy } = poisoned();
  const { projector } = await projected(t, history.events.slice(0, healthy));

  await projector.waitFor(at(healthy), 50);
  const late = await projector.waitFor(at(healthy + 1), 50).catch((error: unknown) => error);

  t.pass('a position already reached resolves at once');
  t.type(late, ProjectionTimeoutError, 'an unreached position times out');
  t.same((late as ProjectionTimeoutError).cursor, at(healthy + 1), 'the error names the position');
  t.equal(projector.failure, null, 'a timeout is not a failure');
});

t.test(
  'documents that cannot be read for a moment are a storage failure, not a poison event',
  async (t) => {
    const history = new History();
    registerWren(history);
    const { store, readStore, projector, append } = await projected(t, []);
    const getMany = readStore.getMany.bind(readStore);
    let failures = 1;
    readStore.getMany = async (...args) => {
      if (failures-- > 0) throw new StoreUnavailableError(new Error('connection terminated'));
      return getMany(...args);
    };
    t.teardown(() => {
      readStore.getMany = getMany;
    });

    await append(history.events, { wait: false });
    await projector.waitFor(await store.head(), 3000);

    t.equal(projector.failure, null, 'no projection stalled');
    t.strictSame((await readStore.progress()).failures, [], 'no failure recorded');
    t.ok(
      await readStore.get('directory', `person:${WREN}`),
      'the event was applied once it could be read',
    );
  },
);

t.test(
  'read models of another version are built again; those of the same version stay',
  async (t) => {
    const history = new History();
    registerWren(history);
    const { store, readStore, log } = await projected(t, history.events);
    const counting = (version: number | undefined, shape: (n: number) => object) => ({
      name: 'counted',
      version,
      keysOf: () => ['count'],
      apply: (_event: unknown, docs: ReadonlyMap<string, Record<string, unknown> | undefined>) => {
        const before = docs.get('count');
        const n = (before === undefined ? 0 : (Object.values(before)[0] as number)) + 1;
        return new Map([['count', shape(n) as Record<string, unknown>]]);
      },
    });
    const runTo = async (projection: ReturnType<typeof counting>) => {
      const projector = new Projector(store, readStore, [projection], log);
      await projector.start();
      await projector.waitFor(await store.head(), 2000);
      await projector.stop();
    };

    // Stored before versions were written down: the first version, with no mark.
    await runTo(counting(undefined, (n) => ({ n })));
    t.strictSame(await readStore.get('counted', 'count'), { n: 1 }, 'built by the first version');
    await readStore.commit('counted', new Map([['count', { n: 41 }]]), {
      from: await readStore.checkpoint('counted'),
      to: await readStore.checkpoint('counted'),
    });

    await runTo(counting(1, (n) => ({ n })));
    t.strictSame(
      await readStore.get('counted', 'count'),
      { n: 41 },
      'the same version is not rebuilt',
    );

    await runTo(counting(2, (n) => ({ total: n })));
    t.strictSame(
      await readStore.get('counted', 'count'),
      { total: 1 },
      'a new version forgets the old documents and folds the log again',
    );
    t.ok(
      log.lines.some((line) => line.message === 'read model rebuilt for a new version'),
      'and says so in the log',
    );
  },
);

t.test(
  'read models that cannot be stored (a full disk) are stored once there is room',
  async (t) => {
    const history = new History();
    registerWren(history);
    const { store, readStore, projector, append, log } = await projected(t, []);
    const commitAll = readStore.commitAll.bind(readStore);
    let failures = 3;
    readStore.commitAll = async (...args) => {
      if (failures-- > 0)
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return commitAll(...args);
    };
    t.teardown(() => {
      readStore.commitAll = commitAll;
    });

    await append(history.events, { wait: false });
    await projector.waitFor(await store.head(), 5000);

    t.equal(projector.failure, null, 'no projection stalled');
    t.ok(await readStore.get('directory', `person:${WREN}`), 'the event was applied in the end');
    t.same(
      log.lines.filter((line) => line.level !== 'debug').map((line) => [line.level, line.message]),
      [
        ['error', 'read models not stored'],
        ['info', 'read models stored again'],
      ],
      'said once when storing failed, and once when it worked again',
    );
  },
);

t.test(
  'a rebuild longer than its patience goes on while the read models keep moving',
  async (t) => {
    const history = new History();
    registerWren(history);
    for (let i = 0; i < 1200; i += 1) {
      history.record(personStream(id(1000 + i)), 'PersonRegistered', {
        personId: id(1000 + i),
        kind: 'employee',
        displayName: `Example Worker ${i}`,
        externalRef: null,
      });
    }
    const { store, readStore, projector } = await projected(t, history.events);

    // Each batch of 500 events takes 150 ms to store: half a second in all, against a patience of 300.
    const commitAll = readStore.commitAll.bind(readStore);
    readStore.commitAll = async (commits) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return commitAll(commits);
    };
    t.teardown(() => {
      readStore.commitAll = commitAll;
    });

    await projector.rebuild(300);
    t.same(projector.reached, await store.head(), 'rebuilt to the head of the log');

    // The projections start again (their versions are written down), then no batch is stored.
    readStore.commitAll = async (commits) => {
      if (commits.every((commit) => commit.writes.has('@version'))) return commitAll(commits);
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    await t.rejects(projector.rebuild(300), ProjectionTimeoutError, 'but not when nothing moves');
  },
);
