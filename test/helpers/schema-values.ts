import fc from 'fast-check';

/** The part of JSON Schema the API's OpenAPI document uses for requests. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** Values to put where a schema wants an id or a word, so that some requests reach the domain. */
export interface Vocabulary {
  readonly ids: readonly string[];
  readonly words: readonly string[];
}

/**
 * Values that a schema accepts, or nearly: formats and patterns are
 * honoured, and ids are mostly ones that exist. Domain rules (an entry of
 * another log, an instant ahead of now) are left to chance on purpose.
 */
export function valuesOf(
  schema: JsonSchema,
  resolve: (ref: string) => JsonSchema,
  vocabulary: Vocabulary,
): fc.Arbitrary<unknown> {
  const of = (inner: JsonSchema): fc.Arbitrary<unknown> => valuesOf(inner, resolve, vocabulary);

  if (schema.$ref !== undefined) return of(resolve(schema.$ref));
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices !== undefined) return fc.oneof(...choices.map(of));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => of({ type })));

  switch (schema.type) {
    case 'object':
      return objectOf(schema, of);
    case 'array':
      return fc.array(of(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'string':
      return stringOf(schema, vocabulary);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Required members always, optional ones as often as not. */
function objectOf(
  schema: JsonSchema,
  of: (inner: JsonSchema) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const members = Object.fromEntries(
    Object.entries(properties).map(([name, inner]) => [name, of(inner)]),
  );
  const requiredKeys = (schema.required ?? []).filter((name) => name in properties);
  return fc.record(members, { requiredKeys });
}

const uuidPattern = /\[0-9a-fA-F\]\{8\}-/;

function stringOf(schema: JsonSchema, { ids, words }: Vocabulary): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const fits = (value: string) => value.length >= min && value.length <= max;

  if (schema.format === 'uuid' || (schema.pattern && uuidPattern.test(schema.pattern)))
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, fc.uuid());
  if (schema.format === 'date-time' || schema.format === 'date') {
    const recent = instants.map((date) =>
      schema.format === 'date' ? date.toISOString().slice(0, 10) : date.toISOString(),
    );
    // Now and then anything the pattern allows: year 0000, odd offsets, long fractions.
    if (schema.pattern === undefined) return recent;
    return fc.oneof(
      { weight: 3, arbitrary: recent },
      fc.stringMatching(new RegExp(schema.pattern)),
    );
  }
  if (schema.pattern !== undefined)
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);

  return fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...words) },
      fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, 40) }),
    )
    .filter(fits);
}

/** Instants mostly in the recent past, where a log's entries and reviews lie. */
const instants = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date(Date.now() + 24 * 60 * 60_000),
  noInvalidDate: true,
});
