import t, { type Test } from 'tap';
import {
  amendEntry,
  closeLog,
  openLog,
  recordEntry,
  withdrawEntry,
} from '../../src/application/learning.ts';
import { changeTeam, formTeam } from '../../src/application/people.ts';
import { completeReview } from '../../src/application/reviews.ts';
import { DomainError, type DomainErrorCode } from '../../src/domain/errors.ts';
import { learningLog, logStream } from '../../src/domain/learning-log.ts';
import { person, personStream } from '../../src/domain/person.ts';
import { employee, entryAt, id, ORG, OTHER_ORG } from '../projections/events.ts';
import { larkspurStarted, openOrganisation } from './organisation.ts';

/** Larkspur's people and log, and a context of the other organisation to poke at them with. */
async function twoOrganisations(t: Test) {
  const organisation = await openOrganisation(t);
  const { as } = organisation;
  const started = await larkspurStarted(organisation);
  const outsider = () => as(employee(id(800), 'admin'), OTHER_ORG);
  return { ...organisation, ...started, outsider };
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: DomainErrorCode; message: string; details: object }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError))
    throw new Error(`expected a DomainError, got ${String(error)}`);
  return { code: error.code, message: error.message, details: error.details };
}

t.test('a stream of another organisation reads exactly like one that does not exist', async (t) => {
  const { runtime, wren, log, as, admin, outsider } = await twoOrganisations(t);
  const commands = runtime.services.commands;

  const own = await commands.loadOwn(personStream(wren), person, as(admin), 'PERSON_NOT_FOUND');
  const foreign = await refusal(
    commands.loadOwn(personStream(wren), person, outsider(), 'PERSON_NOT_FOUND'),
  );
  const missing = await refusal(
    commands.loadOwn(personStream(id(799)), person, as(admin), 'PERSON_NOT_FOUND'),
  );

  t.equal(own.tenant, ORG, 'the own organisation loads it');
  t.equal(own.state.kind, 'supported-person', 'with its state');
  t.strictSame(
    foreign,
    missing,
    'another organisation gets the very same refusal as for a missing person',
  );
  t.equal(foreign.code, 'PERSON_NOT_FOUND', 'the code the caller chose');
  t.equal(
    (await refusal(commands.loadOwn(logStream(log), learningLog, outsider(), 'LOG_NOT_FOUND')))
      .code,
    'LOG_NOT_FOUND',
    'a log too',
  );
});

t.test('services refuse to touch another organisation and append nothing', async (t) => {
  const {
    runtime,
    services: s,
    team,
    tobias,
    log,
    entry,
    review,
    outsider,
  } = await twoOrganisations(t);
  const head = await runtime.store.headPosition();
  const them = (p: Promise<unknown>) => refusal(p).then((r) => r.code);

  t.equal(
    await them(
      recordEntry(
        s,
        outsider(),
        log,
        entryAt('2025-03-05T09:00:00Z', { present: { employeeIds: [], others: [] } }),
      ),
    ),
    'LOG_NOT_FOUND',
    'no entry in their log',
  );
  t.equal(await them(closeLog(s, outsider(), log, null)), 'LOG_NOT_FOUND', 'no closing their log');
  t.equal(
    await them(
      amendEntry(
        s,
        outsider(),
        entry,
        { changes: { place: 'Elsewhere' }, reason: 'Test.' },
        undefined,
      ),
    ),
    'ENTRY_NOT_FOUND',
    'no amending their entry',
  );
  t.equal(
    await them(withdrawEntry(s, outsider(), entry, 'Test.', 1)),
    'ENTRY_NOT_FOUND',
    'no withdrawing it, even with the right version',
  );
  t.equal(
    await them(changeTeam(s, outsider(), 'RemoveMember', team, tobias)),
    'TEAM_NOT_FOUND',
    'no changing their team',
  );
  t.equal(
    await them(completeReview(s, outsider(), review)),
    'REVIEW_NOT_FOUND',
    'no completing their review',
  );
  t.equal(await runtime.store.headPosition(), head, 'nothing was appended');
});

t.test("naming another organisation's person in a body is an unknown reference", async (t) => {
  const { services: s, wren, tobias, team, outsider, runtime } = await twoOrganisations(t);
  const head = await runtime.store.headPosition();

  const log = await refusal(
    openLog(s, outsider(), {
      subject: { kind: 'person', personId: wren },
      purpose: 'Borrowed',
      reviewRhythm: 'weekly',
    }),
  );
  const theirTeam = await formTeam(s, outsider(), { name: 'Fennick Lodge', purpose: null });
  const member = await refusal(changeTeam(s, outsider(), 'AddMember', theirTeam, tobias));

  t.strictSame(
    log,
    {
      code: 'UNKNOWN_REFERENCE',
      message: 'No such personId in this organisation.',
      details: { field: 'subject.personId', id: wren },
    },
    'the subject is unknown to them',
  );
  t.strictSame(member.details, { field: 'personId', id: tobias }, 'so is the employee');
  t.not(theirTeam, team, 'their own team is a different one');
  t.equal(await runtime.store.headPosition(), head + 1, 'only their own team was formed');
});
