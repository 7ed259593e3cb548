import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { limits } from '../../src/domain/text.ts';
import {
  activityTimes,
  assertRefusals,
  buildScenario,
  entryBody,
  type Refusal,
} from './fixtures.ts';

const tooLong = (limit: number) => 'x'.repeat(limit + 1);

t.test(
  'bad bodies for people, teams, logs and entries are refused, naming the fields',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);
    const entry = entryBody((what) => what, activityTimes[0]);
    const [entryId] = s.entryIds;

    const refusals: Refusal[] = [
      {
        name: 'a name that is a number',
        method: 'POST',
        url: '/people',
        payload: { kind: 'employee', displayName: 42 },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.displayName'],
      },
      {
        name: 'a registration with nothing in it',
        method: 'POST',
        url: '/people',
        payload: {},
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.displayName', 'body.kind'],
      },
      {
        name: 'an unknown kind of person',
        method: 'POST',
        url: '/people',
        payload: { kind: 'visitor', displayName: 'Ike Notreal' },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.kind'],
      },
      {
        name: 'a name over the limit',
        method: 'POST',
        url: '/people',
        payload: { kind: 'employee', displayName: tooLong(limits.name) },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.displayName'],
      },
      {
        name: 'a name of only spaces',
        method: 'POST',
        url: '/people',
        payload: { kind: 'employee', displayName: '   ' },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.displayName'],
      },
      {
        name: 'a team name and purpose over the limits',
        method: 'POST',
        url: '/teams',
        payload: { name: tooLong(limits.name), purpose: tooLong(limits.short) },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.name', 'body.purpose'],
      },
      {
        name: 'a member id that is no uuid',
        method: 'POST',
        url: `/teams/${s.teamId}/members`,
        payload: { personId: 'bram' },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.personId'],
      },
      {
        name: 'an unknown review rhythm',
        method: 'POST',
        url: '/learning-logs',
        payload: {
          subject: { kind: 'person', personId: s.personId },
          purpose: 'Swims',
          reviewRhythm: 'hourly',
        },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.reviewRhythm'],
      },
      {
        name: 'an entry with text over the limit, a zero duration and no instant',
        method: 'POST',
        url: `/learning-logs/${s.logId}/entries`,
        payload: {
          ...entry,
          whatWorked: tooLong(limits.long),
          durationMinutes: 0,
          occurredAt: 'last tuesday',
        },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.durationMinutes', 'body.occurredAt', 'body.whatWorked'],
      },
      {
        name: 'an entry naming too many others',
        method: 'POST',
        url: `/learning-logs/${s.logId}/entries`,
        payload: {
          ...entry,
          present: {
            employeeIds: [],
            others: Array.from({ length: limits.list + 1 }, () => 'a visitor'),
          },
        },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.present.others'],
      },
      {
        name: 'an entry without its learning',
        method: 'POST',
        url: `/learning-logs/${s.logId}/entries`,
        payload: { ...entry, learned: undefined, nextTime: undefined },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.learned', 'body.nextTime'],
      },
      {
        name: 'an amendment that changes nothing',
        method: 'POST',
        url: `/entries/${entryId}/amendments`,
        payload: { reason: 'Typo.', changes: {} },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.changes'],
      },
      {
        name: 'an amendment with an unknown member',
        method: 'POST',
        url: `/entries/${entryId}/amendments`,
        payload: { reason: 'Typo.', changes: { place: 'The pool' }, colour: 'blue' },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.colour'],
      },
      {
        name: 'an amendment without a reason',
        method: 'POST',
        url: `/entries/${entryId}/amendments`,
        payload: { changes: { place: 'The pool' } },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.reason'],
      },
      {
        name: 'a withdrawal with a reason over the limit',
        method: 'POST',
        url: `/entries/${entryId}/withdrawal`,
        payload: { reason: tooLong(limits.short) },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.reason'],
      },
    ];
    await assertRefusals(t, app, refusals);
  },
);
