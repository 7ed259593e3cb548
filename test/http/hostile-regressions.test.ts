import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { assertRefusals, expectStatus } from './fixtures.ts';

/*
 * Counterexamples the property tests in hostile-input.test.ts found, kept as
 * fixed cases: they run on every store, whatever the seed finds next time.
 */

t.test('a look-up by a reference holding a NUL is refused, not a store error', async (t) => {
  // Found on PostgreSQL, which refuses NUL in text: GET /people?externalRef=%00 answered 500.
  const app = await buildTestApp(t);
  await assertRefusals(
    t,
    app,
    ['%00', 'a%00b', '%1B%5B31m'].map((value) => ({
      name: `externalRef=${value}`,
      method: 'GET',
      url: `/people?externalRef=${value}`,
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['query.externalRef'],
    })),
  );

  const registered = expectStatus(
    await app.request({
      method: 'POST',
      url: '/people',
      payload: { kind: 'supported-person', displayName: 'Ona Example', externalRef: 'CR-0042' },
    }),
    201,
    'register',
  );
  const found = await app.request({ method: 'GET', url: '/people?externalRef=CR-0042' });
  t.same(
    found.json().items.map((person: { personId: string }) => person.personId),
    [registered.personId],
    'an ordinary reference is still found',
  );
});
