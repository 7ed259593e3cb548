import type { LightMyRequestResponse } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { pathKinds, pathValues, type Case } from './isolation-cases.ts';
import type { Kind, Records } from './organisations.ts';

/** One operation of the OpenAPI document, as the walk needs it. */
export interface Operation {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly isPublic: boolean;
  readonly queryNames: readonly string[];
  /** Where the request body carries an id (format uuid), as `subject.personId` or `entryIds[]`. */
  readonly bodyIdFields: readonly string[];
}

/** A request ready to send, with every id it names in the order they were asked for. */
export interface Built {
  readonly method: string;
  readonly url: string;
  readonly payload: unknown;
  readonly headers: Record<string, string>;
  readonly refs: ReadonlyArray<{ kind: Kind; value: string }>;
  /** How many of `refs` are in the path: they come first. */
  readonly pathRefs: number;
}

/** Picks the id at a position of the request: the walk's way of swapping one organisation's id in. */
export type Choose = (position: number, kind: Kind) => string;

interface Schema {
  $ref?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface DocumentedOperation {
  operationId: string;
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema: Schema }> };
}

interface Document {
  paths: Record<string, Record<string, DocumentedOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

export function operationsOf(document: Document): Operation[] {
  const resolve = (schema: Schema): Schema =>
    schema.$ref === undefined
      ? schema
      : resolve(document.components?.schemas?.[schema.$ref.split('/').at(-1)!] ?? {});

  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const body = operation.requestBody?.content?.['application/json']?.schema;
      return {
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId,
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
        queryNames: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyIdFields: body === undefined ? [] : [...new Set(uuidFields(body, '', resolve))],
      };
    }),
  );
}

export function build(operation: Operation, request: Case, choose: Choose): Built {
  const refs: Array<{ kind: Kind; value: string }> = [];
  const ref = (kind: Kind) => {
    const value = choose(refs.length, kind);
    refs.push({ kind, value });
    return value;
  };

  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const fixed = pathValues[name];
    if (fixed !== undefined) return fixed;
    const kind = request.path?.[name] ?? pathKinds[name];
    if (kind === undefined) throw new Error(`${operation.name}: what does {${name}} name?`);
    return ref(kind);
  });
  const pathRefs = refs.length;
  const query = new URLSearchParams(request.query?.(ref)).toString();
  const payload = request.body?.(ref);

  return {
    method: operation.method,
    url: query === '' ? path : `${path}?${query}`,
    payload,
    headers: { ...request.headers },
    refs,
    pathRefs,
  };
}

/** The body fields a case fills through `ref`, as `uuidFields` names them. */
export function refFields(operation: Operation, request: Case): string[] {
  const { payload } = build(operation, request, (position) => `ref#${position}`);
  const fields: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'string' && /^ref#\d+$/.test(value)) fields.push(at);
    else if (Array.isArray(value)) value.forEach((item) => walk(item, `${at}[]`));
    else if (typeof value === 'object' && value !== null)
      for (const [key, inner] of Object.entries(value)) walk(inner, at ? `${at}.${key}` : key);
  };
  walk(payload, '');
  return fields;
}

/** Ids that name nothing in any organisation, one of each kind, fresh for every run. */
export function nobodysRecords(): Records {
  const kinds: Kind[] = ['person', 'employee', 'team', 'log', 'entry', 'review', 'insight'];
  const ids = Object.fromEntries(kinds.map((kind) => [kind, randomUUID()]));
  return {
    ...(ids as Record<(typeof kinds)[number], string>),
    statement: randomUUID(),
    planStatement: randomUUID(),
    externalRef: `unknown-ref-${randomBytes(4).toString('hex')}`,
    prefix: randomBytes(6).toString('hex'),
  };
}

/**
 * An answer with the ids its request named replaced by their kind, so the
 * answers to two requests that differ only in those ids can be compared.
 */
export function normalised(response: LightMyRequestResponse, built: Built, other: Built): string {
  let text = `${response.statusCode} ${response.headers['content-type']} ${response.body}`;
  built.refs.forEach(({ kind, value }, position) => {
    if (value !== other.refs[position]?.value) text = text.split(value).join(`<${kind}>`);
  });
  return text;
}

/** The tokens of `tokens` an answer shows that its request did not itself name. */
export function leaksIn(
  response: LightMyRequestResponse,
  built: Built,
  tokens: ReadonlySet<string>,
): string[] {
  const answer = `${JSON.stringify(response.headers)} ${response.body}`;
  const asked = `${built.url} ${JSON.stringify(built.payload ?? null)}`;
  return [...tokens].filter((token) => answer.includes(token) && !asked.includes(token));
}

function uuidFields(schema: Schema, at: string, resolve: (s: Schema) => Schema): string[] {
  const s = resolve(schema);
  const nested = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap((inner) =>
    uuidFields(inner, at, resolve),
  );
  const properties = Object.entries(s.properties ?? {}).flatMap(([key, inner]) =>
    uuidFields(inner, at ? `${at}.${key}` : key, resolve),
  );
  const items = s.items === undefined ? [] : uuidFields(s.items, `${at}[]`, resolve);
  return [...(s.format === 'uuid' ? [at] : []), ...nested, ...properties, ...items];
}
