import fc from 'fast-check';

/** What an HTTP client can put in a header value: no line breaks, no NUL, nothing beyond a byte. */
const sendable = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

const headerText = fc.string({ unit: 'binary-ascii', maxLength: 40 }).filter(sendable);

/** A header to set to a hostile value, or to leave out (`undefined`). */
export interface HeaderChange {
  readonly name: string;
  readonly value: string | undefined;
}

function headerChange(name: string, specials: readonly (string | undefined)[]) {
  return fc.record({
    name: fc.constant(name),
    value: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...specials) }, headerText),
  });
}

/** Hostile headers; `bearer` is the caller's own key, for variations on it. */
export function headerChanges(bearer: string): fc.Arbitrary<HeaderChange> {
  return fc.oneof(
    headerChange('idempotency-key', [
      undefined,
      '',
      ' ',
      'k'.repeat(200),
      'k'.repeat(201),
      'k'.repeat(8_000),
      '\xff\xfe',
      'same-key-every-time',
    ]),
    headerChange('if-match', [
      undefined,
      '*',
      'W/"0"',
      '"-1"',
      '"1e3"',
      '"0x10"',
      '"99999999999999999999"',
      '""',
      '"',
      ' "0" ',
      '"0", "1"',
      '0',
      'x'.repeat(5_000),
    ]),
    headerChange('content-type', [
      undefined,
      '',
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=',
      'application/json; charset="utf-8"',
      'APPLICATION/JSON',
      'application/jsonx',
      'application/problem+json',
      'application/json, text/plain',
      '*/*',
      ';',
    ]),
    headerChange('x-correlation-id', ['', ' ', 'x'.repeat(101), 'x'.repeat(8_000), 'a b', '\xe9']),
    headerChange('content-length', ['0', '1', '99999999999']),
    headerChange('authorization', [
      undefined,
      '',
      'Bearer',
      'Basic dXNlcjpwYXNz',
      `bearer ${bearer}`,
      `Bearer  ${bearer}`,
      `Bearer ${bearer} extra`,
      `Bearer ${bearer}x`,
      `Bearer ${bearer.toUpperCase()}`,
      `Bearer ${'x'.repeat(8_000)}`,
    ]),
    headerChange('accept', ['text/html', 'application/xml', '*/*;q=0', 'x'.repeat(2_000)]),
  );
}

/** Path segments that are no id, climb out of the path, or cannot be decoded. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '.',
      '..',
      '%2e%2e',
      '%2F',
      'a%2Fb',
      '..%2F..%2Fhealth%2Flive',
      '%00',
      '%',
      '%zz',
      '%E0%A4%A',
      '%20',
      'x'.repeat(101),
      'x'.repeat(5_000),
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
      '00000000-0000-4000-8000-000000000000%0A',
      '-1',
      '1e3',
      '0x10',
      '99999999999999999999',
      '__proto__',
      'constructor',
      'null',
      ';',
      'a;b=c',
    ),
  },
  fc
    .string({ unit: 'binary', maxLength: 20 })
    .filter((s) => s.isWellFormed())
    .map(encodeURIComponent),
);

/** A query parameter set to a hostile value (already encoded), or hostile text added to the query. */
export type QueryChange = { name: string; value: string } | { extra: string };

/** Hostile values, repeated names, and names that pollute prototypes. */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<QueryChange> {
  const name = names.length > 0 ? fc.constantFrom(...names) : fc.constant('limit');
  const value = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '',
        '%20',
        '-1',
        '1e3',
        '0x10',
        '99999999999999999999',
        '%zz',
        '%00',
        'a%00b',
        '%ED%A0%80',
        'x'.repeat(5_000),
      ),
    },
    fc
      .string({ unit: 'binary', maxLength: 20 })
      .filter((s) => s.isWellFormed())
      .map(encodeURIComponent),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ name, value }) },
    fc.tuple(name, value).map(([n, v]) => ({ extra: `${n}=${v}` })),
    fc
      .constantFrom(
        '__proto__=x',
        '__proto__[polluted]=1',
        'constructor[prototype][polluted]=1',
        '&&==&',
        'a=%zz',
        'a=1&'.repeat(5_000),
      )
      .map((extra) => ({ extra })),
  );
}

/** Methods the operation's path may or may not take. */
export const hostileMethod = fc.constantFrom(
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
);
