import t from 'tap';
import { event } from '../../src/domain/events.ts';
import { person, personStream, type PersonCommand } from '../../src/domain/person.ts';
import { given } from './given.ts';

const ELSIE = '3f1c2a10-7d4e-4b8a-9c01-5e2f6a7b8c01';
const TEAM = '3f1c2a10-7d4e-4b8a-9c01-5e2f6a7b8c02';

const elsieRegistered = event('PersonRegistered', {
  personId: ELSIE,
  kind: 'supported-person',
  displayName: 'Elsie Fernwhistle',
  externalRef: 'FICT-0042',
});

const registerElsie = (externalRefTaken: boolean): PersonCommand => ({
  type: 'RegisterPerson',
  data: elsieRegistered.data,
  externalRefTaken,
});

t.test('registering a person records who they are', async (t) => {
  t.same(given(person).when(registerElsie(false)), [elsieRegistered], 'the person is registered');
});

t.test('an external reference another person already carries is refused', async (t) => {
  t.equal(
    given(person).when(registerElsie(true)),
    'EXTERNAL_REFERENCE_TAKEN',
    'the reference is taken',
  );
  t.same(
    given(person).whenRefused(registerElsie(true)).details,
    { field: 'externalRef' },
    'the refusal names the offending field',
  );
});

t.test('a stream already registered is refused: its external reference is taken', async (t) => {
  t.equal(
    given(person, [elsieRegistered]).when(registerElsie(false)),
    'EXTERNAL_REFERENCE_TAKEN',
    'a second registration in the same stream',
  );
});

t.test('a registered person is known with their kind', async (t) => {
  t.same(
    given(person).state,
    { registered: false, kind: null, erased: false },
    'nobody is registered before the first event',
  );
  t.same(
    given(person, [elsieRegistered]).state,
    { registered: true, kind: 'supported-person', erased: false },
    'Elsie is registered',
  );
});

t.test('an erasure is recorded once, with its reason', async (t) => {
  const erase: PersonCommand = { type: 'RecordErasure', personId: ELSIE, reason: 'Request ER-7.' };
  const erased = event('PersonErased', { personId: ELSIE, reason: 'Request ER-7.' });
  t.same(given(person, [elsieRegistered]).when(erase), [erased], 'the erasure is recorded');
  t.equal(given(person, [elsieRegistered, erased]).state.erased, true, 'Elsie is erased');
  t.equal(
    given(person, [elsieRegistered, erased]).when(erase),
    'PERSON_ERASED',
    'a second erasure is refused',
  );
});

t.test('events about other things leave a person as they were', async (t) => {
  const teamFormed = event('TeamFormed', {
    teamId: TEAM,
    name: 'Larchfield Lane team',
    purpose: null,
  });
  t.same(
    given(person, [elsieRegistered, teamFormed]).state,
    given(person, [elsieRegistered]).state,
    'a team being formed changes nothing about Elsie',
  );
});

t.test('the stream is named by type and id', async (t) => {
  t.equal(
    personStream(ELSIE),
    `person-${ELSIE}`,
    'a person’s stream is named by type and id, never by name',
  );
});
