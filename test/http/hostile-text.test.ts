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
    payload: entryBody((w) => w, '2031-03-05T10:00:00+01:00'),
  });
  t.equal(fine.statusCode, 201, 'an ordinary instant with an offset is taken');
});
