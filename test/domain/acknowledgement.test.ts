import t from 'tap';
import {
  acknowledgement,
  acknowledgementStream,
  type AcknowledgeVersion,
} from '../../src/domain/acknowledgement.ts';
import { event } from '../../src/domain/events.ts';
import type { DocumentRef } from '../../src/domain/vocabulary.ts';
import { given } from './given.ts';

const PRIYA = '2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e501';
const MARGO = '2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e502';
const JUNO = '2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e503';
const TEAM = '2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e504';

const margoProfile: DocumentRef = { kind: 'one-page-profile', subjectId: MARGO };
const junoProfile: DocumentRef = { kind: 'one-page-profile', subjectId: JUNO };
const teamPlan: DocumentRef = { kind: 'team-plan', subjectId: TEAM };

const acknowledged = (document: DocumentRef, version: number) =>
  event('DocumentVersionAcknowledged', { document, version, employeeId: PRIYA });

const acknowledge = (
  version: number,
  latestVersion = 3,
  document = margoProfile,
): AcknowledgeVersion => ({
  type: 'AcknowledgeVersion',
  employeeId: PRIYA,
  document,
  version,
  latestVersion,
});

t.test('an employee acknowledges the version they read', async (t) => {
  t.same(
    given(acknowledgement).when(acknowledge(3)),
    [acknowledged(margoProfile, 3)],
    'the latest version',
  );
  t.same(
    given(acknowledgement).when(acknowledge(1)),
    [acknowledged(margoProfile, 1)],
    'an earlier version',
  );
  t.same(
    given(acknowledgement, [acknowledged(margoProfile, 2)]).when(acknowledge(3)),
    [acknowledged(margoProfile, 3)],
    'a newer version after an older one',
  );
});

t.test('only a version that exists can be acknowledged', async (t) => {
  t.equal(
    given(acknowledgement).when(acknowledge(0)),
    'VERSION_DOES_NOT_EXIST',
    'there is no version 0',
  );
  t.equal(
    given(acknowledgement).when(acknowledge(4)),
    'VERSION_DOES_NOT_EXIST',
    'there is no version above the latest',
  );
  t.equal(
    given(acknowledgement).when(acknowledge(1, 0)),
    'VERSION_DOES_NOT_EXIST',
    'a document never changed has no version to read',
  );
  t.same(
    given(acknowledgement).whenRefused(acknowledge(4)).details,
    { field: 'version', latestVersion: 3 },
    'the refusal names the field and the latest version',
  );
});

t.test('a version is acknowledged once', async (t) => {
  t.equal(
    given(acknowledgement, [acknowledged(margoProfile, 3)]).when(acknowledge(3)),
    'VERSION_ALREADY_ACKNOWLEDGED',
    'the same version of the same document twice',
  );
  t.same(
    given(acknowledgement, [acknowledged(margoProfile, 3)]).when(acknowledge(3, 3, junoProfile)),
    [acknowledged(junoProfile, 3)],
    'the same version number of another person’s profile is another version',
  );
  t.same(
    given(acknowledgement, [acknowledged(margoProfile, 1)]).when(acknowledge(1, 1, teamPlan)),
    [acknowledged(teamPlan, 1)],
    'the same version number of a team plan is another version',
  );
});

t.test('an employee’s acknowledgements are remembered by document and version', async (t) => {
  t.same(
    given(acknowledgement).state,
    { acknowledged: new Set() },
    'nothing acknowledged at first',
  );
  t.same(
    given(acknowledgement, [acknowledged(margoProfile, 2), acknowledged(teamPlan, 1)]).state,
    { acknowledged: new Set([`profile-${MARGO}@2`, `team-plan-${TEAM}@1`]) },
    'each acknowledgement is kept by its document stream and version',
  );
  const teamFormed = event('TeamFormed', {
    teamId: TEAM,
    name: 'Quayside Road team',
    purpose: null,
  });
  t.same(
    given(acknowledgement, [acknowledged(margoProfile, 2), teamFormed]).state,
    given(acknowledgement, [acknowledged(margoProfile, 2)]).state,
    'events about other things change no acknowledgement',
  );
});

t.test('the stream is named by type and id', async (t) => {
  t.equal(
    acknowledgementStream(PRIYA),
    `acknowledgements-${PRIYA}`,
    'an employee’s acknowledgements have a stream named by type and their id',
  );
});
