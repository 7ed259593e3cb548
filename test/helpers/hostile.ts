import fc from 'fast-check';

/** JSON text put into a body as it stands: numbers JSON.stringify cannot write, deep nesting. */
export class Raw {
  constructor(readonly text: string) {}
}

/** A body as JSON text; `Raw` parts are written as they are, and own `__proto__` members kept. */
export function serialize(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${serialize((value as Record<string, unknown>)[key])}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const nested = (depth: number) => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const nestedObjects = (depth: number) => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Text that is long, not well-formed, or full of characters a screen or a log should never see. */
const hostileTexts = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'Nell\u0000Example',
  '\u001b[31mred\u001b[0m',
  '\u202eevil\u202c',
  '\u200b',
  '\ud800',
  '\udfff\ud800',
  '\ufeff',
  '\uffff',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '0000-00-00T00:00:00Z',
  '2025-02-30T10:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2025-03-04T10:00:00.000+99:99',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
  'x'.repeat(1_001),
  'x'.repeat(100_000),
  'x'.repeat(300_000),
];

const hostileNumbers = [0, -1, -0.5, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE];
const rawNumbers = ['1e999', '-1e999', '1'.padEnd(400, '0'), '0.'.padEnd(400, '0') + '1', '-0'];

/** A value to put where a body member was, or beside it. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [null], { '': null }),
  fc.constantFrom(...hostileTexts),
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(...rawNumbers).map((text) => new Raw(text)),
  fc
    .constantFrom(100, 5_000, 40_000)
    .chain((depth) => fc.constantFrom(nested(depth), nestedObjects(depth))),
  fc.constantFrom(
    new Raw('{"__proto__":{"polluted":true}}'),
    new Raw('{"constructor":{"prototype":{"polluted":true}}}'),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Member names that have tripped JavaScript services before. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '__defineGetter__',
    '',
    ' ',
    '\u0000',
    '$ref',
    'a.b',
    'x'.repeat(10_000),
  ),
  fc.string({ maxLength: 12 }),
);

/** Whole bodies that are not what any operation takes, or not JSON at all. */
export const hostileBody: fc.Arbitrary<string | Buffer> = fc.constantFrom<string | Buffer>(
  '',
  ' ',
  'null',
  'true',
  '0',
  '"text"',
  '[]',
  '[{}]',
  '{',
  '}',
  '{"a":1}{"b":2}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '\ufeff{}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":"\\ud800"}',
  `${'['.repeat(60_000)}${']'.repeat(60_000)}`,
  nestedObjects(20_000).text,
  Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
  Buffer.from('{"displayName":"\xff\xfe"}', 'latin1'),
  'x'.repeat(300_000),
);

/** A change to a body that an operation would otherwise take. */
export type BodyChange =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'repeat-first-member'; value: unknown }
  | { kind: 'whole'; body: string | Buffer };

export const bodyChange: fc.Arbitrary<BodyChange> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('replace'), at: fc.nat(), value: hostileValue }),
  },
  fc.record({ kind: fc.constant('remove'), at: fc.nat() }),
  fc.record({ kind: fc.constant('add'), at: fc.nat(), key: hostileKey, value: hostileValue }),
  fc.record({ kind: fc.constant('repeat-first-member'), value: hostileValue }),
  fc.record({ kind: fc.constant('whole'), body: hostileBody }),
) as fc.Arbitrary<BodyChange>;

/** The body as sent after the change: JSON text, or bytes. */
export function changedBody(body: unknown, change: BodyChange): string | Buffer {
  if (change.kind === 'whole') return change.body;
  if (change.kind === 'repeat-first-member') {
    const first = isObject(body) ? Object.keys(body)[0] : undefined;
    if (first === undefined) return serialize(change.value);
    const text = serialize(body);
    return `${text.slice(0, -1)},${JSON.stringify(first)}:${serialize(change.value)}}`;
  }

  const places = placesIn(body);
  const place = places[change.at % places.length]!;
  return serialize(
    updateAt(body, place, (current) => {
      if (change.kind === 'replace') return { value: change.value };
      if (change.kind === 'remove') return place.length === 0 ? { value: new Raw('') } : undefined;
      if (!isObject(current)) return { value: change.value };
      const copy = { ...current };
      Object.defineProperty(copy, change.key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return { value: copy };
    }),
  );
}

type Place = readonly (string | number)[];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every place in a JSON value, the whole value first. */
function placesIn(value: unknown, here: Place = []): Place[] {
  if (Array.isArray(value))
    return [here, ...value.flatMap((item, i) => placesIn(item, [...here, i]))];
  if (isObject(value))
    return [here, ...Object.keys(value).flatMap((key) => placesIn(value[key], [...here, key]))];
  return [here];
}

/** A copy with the value at `place` replaced, or removed when `change` gives undefined. */
function updateAt(
  value: unknown,
  place: Place,
  change: (current: unknown) => { value: unknown } | undefined,
): unknown {
  if (place.length === 0) return change(value)?.value;
  const [step, ...rest] = place;
  if (Array.isArray(value)) {
    const index = step as number;
    const inner =
      rest.length === 0 ? change(value[index]) : { value: updateAt(value[index], rest, change) };
    return inner === undefined
      ? value.filter((_, i) => i !== index)
      : value.map((item, i) => (i === index ? inner.value : item));
  }
  const record = value as Record<string, unknown>;
  const key = step as string;
  const inner =
    rest.length === 0 ? change(record[key]) : { value: updateAt(record[key], rest, change) };
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(record)) if (name !== key) copy[name] = record[name];
  if (inner !== undefined) copy[key] = inner.value;
  return copy;
}
