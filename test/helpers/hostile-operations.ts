import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { bodyChange, changedBody, serialize, type BodyChange } from './hostile.ts';
import {
  headerChanges,
  hostileMethod,
  hostileQuery,
  hostileSegment,
  type HeaderChange,
  type QueryChange,
} from './hostile-requests.ts';
import { valuesOf, type JsonSchema, type Vocabulary } from './schema-values.ts';

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

/** One operation of the OpenAPI document, as far as sending it goes. */
export interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: JsonSchema | undefined;
}

export interface ServedDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
}

export function operationsOf(document: ServedDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      id: operation.operationId,
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
}

/** What an unspoilt request to the operation carries besides its body and query. */
export interface Base {
  readonly path?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly key: string;
}

type Change =
  | { body: BodyChange }
  | { header: HeaderChange }
  | { path: { segment: string; value: string } }
  | { query: QueryChange }
  | { method: string };

/**
 * Requests to one operation: path, query and body built from its schema,
 * then one part of it made hostile.
 */
export function hostileRequests(
  operation: Operation,
  base: Base,
  document: ServedDocument,
  vocabulary: Vocabulary,
): fc.Arbitrary<InjectOptions> {
  const resolve = (ref: string) => document.components.schemas[ref.split('/').pop()!]!;
  const query = operation.parameters.filter((p) => p.in === 'query');
  const queryValues = fc.record(
    Object.fromEntries(query.map((p) => [p.name, valuesOf(p.schema, resolve, vocabulary)])),
    { requiredKeys: query.filter((p) => p.required).map((p) => p.name) },
  );
  const body =
    operation.body === undefined
      ? fc.constant(undefined)
      : valuesOf(operation.body, resolve, vocabulary);

  return fc
    .record({
      values: queryValues,
      body,
      change: changeOf(operation, base.key),
      // Mostly a key of its own; now and then one used before, for replays and reuse.
      idempotencyKey: fc.option(
        fc.oneof({ weight: 4, arbitrary: fc.uuid() }, fc.constantFrom('k1', 'k2')),
      ),
    })
    .map(({ values, body, change, idempotencyKey }) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${base.key}`,
        ...base.headers,
        ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
      };
      let payload: string | Buffer | undefined;
      if (operation.body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = 'body' in change ? changedBody(body, change.body) : serialize(body);
      }
      if ('header' in change) {
        if (change.header.value === undefined) delete headers[change.header.name];
        else headers[change.header.name] = change.header.value;
      }

      return {
        method: ('method' in change ? change.method : operation.method) as InjectOptions['method'],
        url: urlOf(operation, base, values, change),
        headers,
        ...(payload === undefined ? {} : { payload }),
      };
    });
}

function changeOf(operation: Operation, key: string): fc.Arbitrary<Change> {
  const segments = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const names = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const headers = headerChanges(key).map((header) => ({ header }));
  const queries = hostileQuery(names).map((query) => ({ query }));

  return fc.oneof(
    operation.body === undefined ? headers : bodyChange.map((body) => ({ body })),
    headers,
    segments.length === 0
      ? queries
      : fc
          .record({ segment: fc.constantFrom(...segments), value: hostileSegment })
          .map((path) => ({ path })),
    queries,
    { weight: 1, arbitrary: hostileMethod.map((method) => ({ method })) },
  );
}

function urlOf(
  operation: Operation,
  base: Base,
  values: Record<string, unknown>,
  change: Change,
): string {
  const segments: Record<string, string> = { ...base.path };
  if ('path' in change) segments[change.path.segment] = change.path.value;
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => segments[name] ?? name);

  const hostile: QueryChange = 'query' in change ? change.query : { extra: '' };
  const replaced = 'name' in hostile ? hostile.name : undefined;
  const search = new URLSearchParams(
    Object.entries(values)
      .filter(([name]) => name !== replaced)
      .map(([name, value]): [string, string] => [name, String(value)]),
  ).toString();
  const added = 'name' in hostile ? `${hostile.name}=${hostile.value}` : hostile.extra;
  const query = [search, added].filter(Boolean).join('&');
  return query === '' ? path : `${path}?${query}`;
}
