import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { limits } from '../../src/domain/text.ts';
import { assertRefusals, buildScenario, type Refusal } from './fixtures.ts';

const tooLong = (limit: number) => 'x'.repeat(limit + 1);
const edit = { kind: 'direct-edit', reason: 'Agreed at the team meeting.' };

t.test(
  'bad bodies for reviews, decisions and documents are refused, naming the fields',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);
    const [entryId] = s.entryIds;

    const refusals: Refusal[] = [
      {
        name: 'a review with neither entries nor a date',
        method: 'POST',
        url: `/learning-logs/${s.logId}/reviews`,
        payload: {},
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.entryIds'],
      },
      {
        name: 'an insight with an unknown category and too long a finding',
        method: 'POST',
        url: `/reviews/${s.reviewId}/insights`,
        payload: {
          finding: tooLong(limits.statement),
          category: 'gossip',
          entryIds: [entryId],
          noRecordReason: 'Known already.',
        },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.category', 'body.finding'],
      },
      {
        name: 'an insight for an unknown section',
        method: 'POST',
        url: `/reviews/${s.reviewId}/insights`,
        payload: {
          finding: 'Quiet mornings.',
          category: 'how-to-support',
          entryIds: [entryId],
          destination: {
            document: { kind: 'one-page-profile', subjectId: s.personId },
            section: 'favourite-colour',
          },
        },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.destination.section'],
      },
      {
        name: 'an action due on no date',
        method: 'POST',
        url: `/reviews/${s.reviewId}/actions`,
        payload: { description: 'Ask reception.', ownerId: s.employees[0], dueOn: 'soon' },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.dueOn'],
      },
      {
        name: 'a profile change to an unknown section',
        method: 'POST',
        url: `${s.profileUrl}/changes`,
        headers: { 'if-match': '"0"' },
        payload: { operation: 'add', section: 'favourite-colour', text: 'Blue.', basis: edit },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.section'],
      },
      {
        name: 'a team-plan section on a profile',
        method: 'POST',
        url: `${s.profileUrl}/changes`,
        headers: { 'if-match': '"0"' },
        payload: { operation: 'add', section: 'core-duties', text: 'Blue.', basis: edit },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.section'],
      },
      {
        name: 'an unknown operation',
        method: 'POST',
        url: `${s.profileUrl}/changes`,
        headers: { 'if-match': '"0"' },
        payload: { operation: 'paint', section: 'important-to', text: 'Blue.', basis: edit },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.operation'],
      },
      {
        name: 'a statement over the limit',
        method: 'POST',
        url: `${s.profileUrl}/changes`,
        headers: { 'if-match': '"0"' },
        payload: {
          operation: 'add',
          section: 'important-to',
          text: tooLong(limits.statement),
          basis: edit,
        },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.text'],
      },
      {
        name: 'a weak ETag',
        method: 'POST',
        url: `${s.profileUrl}/changes`,
        headers: { 'if-match': 'W/"0"' },
        payload: { operation: 'add', section: 'important-to', text: 'Blue.', basis: edit },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['headers.if-match'],
      },
      {
        name: 'an acknowledgement of version "one"',
        method: 'POST',
        url: `${s.profileUrl}/acknowledgements`,
        payload: { version: 'one', employeeId: s.employees[0] },
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['body.version'],
      },
    ];
    await assertRefusals(t, app, refusals);
  },
);
