import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { assertProblem, buildScenario, entryBody } from './fixtures.ts';

t.test(
  'text that is not well-formed, or carries control characters, is refused by field',
  async (t) => {
    const app = await buildTestApp(t);
    const cases = [
      { field: 'externalRef', value: 'CR-\ud800' },
      { field: 'displayName', value: 'Nell\u0000 Example' },
      { field: 'displayName', value: 'Nell \u001b[31mExample' },
      // Turned right to left, this would read as another name in an audit trail.
      { field: 'displayName', value: 'Nell \u202eelpmaxE' },
      { field: 'displayName', value: 'Nell \u2067Example\u2069' },
      { field: 'displayName', value: 'Nell\u200b Example' },
      { field: 'displayName', value: 'Nell \u200fExample' },
      { field: 'displayName', value: 'Nell \u009bExample' },
    ];
    for (const { field, value } of cases) {
      const before = await app.eventCount();
      const payload = { kind: 'supported-person', displayName: 'Nell Example', [field]: value };
      const response = await app.request({ method: 'POST', url: '/people', payload });
      assertProblem(t, response, 400, 'VALIDATION_FAILED', [`body.${field}`]);
      t.equal(await app.eventCount(), before, 'nothing written');
    }

    const lines = await app.request({
      method: 'POST',
      url: '/people',
      payload: { kind: 'employee', displayName: 'Line\tand\nbreak' },
    });
    t.equal(lines.statusCode, 201, 'tabs and line breaks are ordinary text');
  },
);

t.test('instants outside 1900 to 2199 are refused, whatever their offset', async (t) => {
  const app = await buildTestApp(t);
  const s = await buildScenario(app);
  for (const occurredAt of [
    '9999-12-31T23:59:59-23:59',
    '1899-12-31T23:00:00Z',
    '2200-01-01T00:00:00Z',
  ]) {
    const response = await app.request({
      method: 'POST',
      url: `/learning-logs/${s.logId}/entries`,
      payload: entryBody((w) => w, occurredAt),
    });
    assertProblem(t, response, 400, 'VALIDATION_FAILED', ['body.occurredAt']);
  }
  const fine = await app.request({
    method: 'POST',
    url: `/learning-logs/${s.logId}/entries`,
    payload: entryBody((w) => w, '2025-03-05T10:00:00+01:00'),
  });
  t.equal(fine.statusCode, 201, 'an ordinary instant with an offset is taken');
});

t.test(
  'a log records what has happened: entries and reviews dated ahead of now are refused',
  async (t) => {
    const app = await buildTestApp(t);
    const s = await buildScenario(app);
    const tomorrow = new Date(Date.now() + 24 * 60 * 60_000).toISOString();

    const entry = await app.request({
      method: 'POST',
      url: `/learning-logs/${s.logId}/entries`,
      payload: entryBody((w) => w, tomorrow),
    });
    assertProblem(t, entry, 422, 'NOT_YET_HAPPENED', ['body.occurredAt']);

    const amendment = { reason: 'Wrong day.', changes: { occurredAt: tomorrow } };
    const amended = await app.request({
      method: 'POST',
      url: `/entries/${s.entryIds[0]}/amendments`,
      payload: amendment,
    });
    assertProblem(t, amended, 422, 'NOT_YET_HAPPENED', ['body.changes.occurredAt']);

    const review = { entryIds: [s.entryIds[2]], heldAt: tomorrow };
    const held = await app.request({
      method: 'POST',
      url: `/learning-logs/${s.logId}/reviews`,
      payload: review,
    });
    assertProblem(t, held, 422, 'NOT_YET_HAPPENED', ['body.heldAt']);
  },
);
