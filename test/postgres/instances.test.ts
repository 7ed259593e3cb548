import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pino from 'pino';
import t, { type Test } from 'tap';
import { PostgresDatabase } from '../../src/postgres/database.ts';
import { openPostgresStorage } from '../../src/storage/postgres.ts';
import { exited, startInstance, type Instance } from '../helpers/instances.ts';
import { freshDatabase, masterKeyEnv, testMasterKey } from '../helpers/postgres.ts';
import { Keyring } from '../../src/personal-data/keyring.ts';
import { PostgresPersonKeys } from '../../src/personal-data/key-store-postgres.ts';

/**
 * Several service processes on one PostgreSQL database, as behind a load
 * balancer: real processes on loopback ports, real HTTP, and SIGKILL.
 */

const run = promisify(execFile);

/** A database with one admin key, and the environment that points an instance at it. */
async function sharedDatabase(t: Test) {
  const url = await freshDatabase(t);
  const storage = await openPostgresStorage(url, pino({ level: 'silent' }));
  const { token } = await storage.apiKeys.create(
    {
      role: 'admin',
      tenant: 'default',
      actorId: 'system:instances-test',
      actorKind: 'system',
      label: 'instances test',
    },
    new Date(),
  );
  await storage.close();
  const env = {
    LEARNING_LOG_STORE: 'postgres',
    DATABASE_URL: url,
    LOG_LEVEL: 'info',
    ...masterKeyEnv,
  };
  return { url, key: token, env };
}

async function startInstances(t: Test, count: number, env: Record<string, string>) {
  return Promise.all(Array.from({ length: count }, () => startInstance(t, env)));
}

/** The instances that say they keep the read models, once exactly one does. */
async function leaderAmong(instances: readonly Instance[], key: string): Promise<Instance> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answers = await Promise.all(
      instances.map((instance) => instance.request('GET', '/health/ready', { key })),
    );
    const leaders = instances.filter((_, i) => answers[i]!.body.projecting === true);
    if (leaders.length === 1) return leaders[0]!;
    await sleep(50);
  }
  throw new Error('no single instance took the read models');
}

t.test(
  'three instances: writes through any, reads through another, the leader killed mid-load',
  async (t) => {
    const { url, key, env } = await sharedDatabase(t);
    const instances = await startInstances(t, 3, env);
    const leader = await leaderAmong(instances, key);
    const alive = new Set(instances);

    const acknowledged = new Map<string, string>();
    let readYourWriteMisses = 0;
    let refused = 0;
    let sent = 0;
    let killed = false;
    let acknowledgedAfterKill = 0;
    const writers = 6;
    const perWriter = 25;

    const writer = async (w: number): Promise<void> => {
      for (let i = 0; i < perWriter; i += 1) {
        const targets = [...alive];
        const through = targets[(w + i) % targets.length]!;
        const readThrough = targets[(w + i + 1) % targets.length]!;
        const name = `Writer ${w} Person ${i}`;
        sent += 1;

        let answer;
        try {
          answer = await through.request('POST', '/people', {
            key,
            body: { kind: 'employee', displayName: name },
          });
        } catch {
          // The instance died under this request: not acknowledged, so not counted.
          continue;
        }
        if (answer.status !== 201) {
          refused += 1;
          continue;
        }
        const personId = answer.body.personId as string;
        acknowledged.set(personId, name);
        if (killed) acknowledgedAfterKill += 1;

        const read = await readThrough
          .request('GET', `/people/${personId}`, { key })
          .catch(() => null);
        if (read !== null && read.status !== 200) readYourWriteMisses += 1;
      }
    };

    const load = Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    // Mid-load: the leader dies without a chance to say so.
    while (sent < (writers * perWriter) / 3) await sleep(5);
    alive.delete(leader);
    leader.child.kill('SIGKILL');
    killed = true;
    await exited(leader.child);
    await load;

    const survivors = [...alive];
    const newLeader = await leaderAmong(survivors, key);
    t.not(newLeader, leader, 'another instance took over the read models');
    t.ok(
      acknowledged.size > writers * perWriter * 0.6,
      `most writes were acknowledged (${acknowledged.size})`,
    );
    t.equal(
      readYourWriteMisses,
      0,
      'every acknowledged write was readable at once through another instance',
    );
    t.comment(`refused during the takeover: ${refused}`);

    const db = new PostgresDatabase(url);
    t.teardown(() => db.close());
    // Names are sealed in the store: open them as the service would.
    const keyring = new Keyring(new PostgresPersonKeys(db), testMasterKey);
    const sealed = await db.query<{ name: string }>(
      `SELECT data->>'displayName' AS name FROM events WHERE type = 'PersonRegistered'`,
    );
    const counts = new Map<string, number>();
    for (const { name } of await keyring.open('default', sealed)) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    t.ok(
      [...acknowledged.values()].every((name) => counts.get(name) === 1),
      'every acknowledged write is stored exactly once',
    );
    t.ok(
      [...counts.values()].every((n) => n === 1),
      'and no write is stored twice',
    );

    for (const [personId] of acknowledged) {
      const read = await newLeader.request('GET', `/people/${personId}`, { key });
      if (read.status !== 200) t.fail(`person ${personId} is missing from the read models`);
    }

    // The read models the instances built, one leader after another, equal a fresh fold.
    await waitForHead(newLeader, key);
    const verified = await run(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), 'src/cli.ts', 'verify'],
      {
        env: { ...process.env, ...env, _TAPJS_PROCESSINFO_COVERAGE_: '0' },
      },
    );
    t.match(
      verified.stdout,
      'read models match the events',
      'a rebuild would give the same read models',
    );
  },
);

t.test('a frozen leader loses the read models to another instance', async (t) => {
  const { key, env } = await sharedDatabase(t);
  const instances = await startInstances(t, 2, env);
  const leader = await leaderAmong(instances, key);
  const other = instances.find((instance) => instance !== leader)!;

  // Stopped, not killed: its connections stay open and its kernel still answers for them.
  leader.child.kill('SIGSTOP');
  t.teardown(() => leader.child.kill('SIGCONT'));
  const stopped = Date.now();
  let status = 0;
  while (status !== 201 && Date.now() - stopped < 40_000) {
    status = (
      await other.request('POST', '/people', {
        key,
        body: { kind: 'employee', displayName: 'Patient Example' },
      })
    ).status;
  }

  t.equal(status, 201, `writes go through again (after ${Date.now() - stopped} ms)`);
  t.equal(await leaderAmong([other], key), other, 'the other instance keeps the read models now');
  leader.child.kill('SIGCONT');
  await sleep(2_000);
  const answers = await Promise.all(
    instances.map((instance) => instance.request('GET', '/health/ready', { key })),
  );
  t.same(
    answers.map((answer) => answer.body.projecting),
    instances.map((instance) => instance === other),
    'woken again, the old leader does not take them back',
  );
});

t.test('the same idempotency key sent to two instances at once writes once', async (t) => {
  const { url, key, env } = await sharedDatabase(t);
  const [one, two] = await startInstances(t, 2, env);

  for (let round = 0; round < 10; round += 1) {
    const request = {
      key,
      body: { kind: 'employee', displayName: `Twice Sent ${round}` },
      headers: { 'idempotency-key': `register-${round}` },
    };
    const answers = await Promise.all([
      one!.request('POST', '/people', request),
      two!.request('POST', '/people', request),
    ]);
    const statuses = answers.map((answer) => answer.status).sort();
    if (!statuses.includes(201) || !statuses.every((status) => status === 201 || status === 409)) {
      t.fail(`round ${round}: ${statuses.join(', ')}`);
    }
  }

  const db = new PostgresDatabase(url);
  t.teardown(() => db.close());
  const [row] = await db.query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM events WHERE type = 'PersonRegistered'`,
  );
  t.equal(Number(row!.n), 10, 'ten keys, ten people: no key ran twice');
});

t.test('a write answers 503 when no instance keeps the read models in time', async (t) => {
  const { key, env } = await sharedDatabase(t);
  const [instance] = await startInstances(t, 1, {
    ...env,
    LEARNING_LOG_PROJECTIONS: 'off',
    LEARNING_LOG_READ_MODEL_WAIT_MS: '300',
  });

  const started = Date.now();
  const answer = await instance!.request('POST', '/people', {
    key,
    body: { kind: 'employee', displayName: 'Left Waiting' },
  });

  t.equal(answer.status, 503, '503');
  t.match(answer.body, { code: 'READ_MODELS_BEHIND' }, 'as problem+json with a stable code');
  t.ok(Date.now() - started < 5_000, 'after the bounded wait, not a hang');

  const health = await instance!.request('GET', '/health/ready', { key });
  t.equal(health.status, 503, 'and readiness says so, so a load balancer can tell');
  t.match(
    health.body,
    { status: 'not-ready', readModelsKept: false, projecting: false },
    'no instance keeps the read models',
  );
});

async function waitForHead(instance: Instance, key: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { body } = await instance.request('GET', '/health/ready', { key });
    if (body.position === body.head) return;
    await sleep(50);
  }
  throw new Error('the read models did not reach the head');
}
