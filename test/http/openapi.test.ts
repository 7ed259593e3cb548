import { readFileSync } from 'node:fs';
import t from 'tap';
import { domainErrorCodes } from '../../src/domain/errors.ts';
import { openApiDocument } from '../../src/http/openapi-document.ts';
import { problemCatalogue, type ProblemCode } from '../../src/http/problems.ts';
import { buildTestApp } from '../helpers/app.ts';

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: { $ref?: string } }> }
  >;
}

const committedPath = new URL('../../openapi/openapi.json', import.meta.url);
const generated = await openApiDocument();
const document = JSON.parse(generated) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    name: `${method.toUpperCase()} ${path}`,
    method,
    operation,
  })),
);

t.test('the committed OpenAPI document is the one the app generates', async (t) => {
  const committed = readFileSync(committedPath, 'utf8');
  const firstDifference = committed
    .split('\n')
    .findIndex((line, i) => line !== generated.split('\n')[i]);
  t.ok(
    committed === generated,
    `openapi/openapi.json is stale (first difference at line ${firstDifference + 1}): run \`npm run openapi\` and commit the result`,
  );

  const app = await buildTestApp(t);
  const served = await app.request({ method: 'GET', url: '/openapi.json', key: null });
  t.same(
    served.json(),
    document,
    'the app serves the same document at /openapi.json without a key',
  );
});

t.test('every operation is named, described and tagged', async (t) => {
  t.ok(operations.length >= 30, `the document has the whole API (${operations.length} operations)`);
  const ids = operations.map(({ operation }) => operation.operationId);
  t.equal(new Set(ids).size, ids.length, 'operation ids are unique');

  for (const { name, operation } of operations) {
    t.match(operation.operationId, /^[a-z][A-Za-z0-9]+$/, `${name}: has an operationId`);
    t.ok(operation.summary && operation.summary.length > 5, `${name}: has a summary`);
    t.ok((operation.tags ?? []).length > 0, `${name}: has a tag`);
  }
});

t.test('every POST takes an Idempotency-Key', async (t) => {
  for (const { name, method, operation } of operations) {
    if (method !== 'post') continue;
    const headers = (operation.parameters ?? [])
      .filter((p) => p.in === 'header')
      .map((p) => p.name);
    t.ok(headers.includes('idempotency-key'), `${name}: documents the idempotency-key header`);
  }
});

t.test('every error response is problem+json and names codes of the catalogue', async (t) => {
  const named = new Set<string>();

  for (const { name, operation } of operations) {
    const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
    if (!isPublic) t.ok(operation.responses['401'], `${name}: documents 401 for a missing key`);

    for (const [status, response] of Object.entries(operation.responses)) {
      if (Number(status) < 400 || (isPublic && status === '503')) continue;
      t.same(
        Object.keys(response.content ?? {}),
        ['application/problem+json'],
        `${name} ${status}: answered as problem+json only`,
      );
      t.equal(
        response.content?.['application/problem+json']?.schema.$ref,
        '#/components/schemas/Problem',
        `${name} ${status}: with the Problem schema`,
      );

      const codes = response.description === 'Problem' ? [] : response.description.split(', ');
      for (const code of codes) {
        named.add(code);
        t.ok(code in problemCatalogue, `${name} ${status}: ${code} is a catalogue code`);
        t.equal(
          problemCatalogue[code as ProblemCode]?.status,
          Number(status),
          `${name} ${status}: ${code} has the status it is listed under`,
        );
      }
    }
  }

  for (const code of domainErrorCodes)
    t.ok(named.has(code), `${code} is named by at least one operation`);
  for (const code of [
    'PRECONDITION_FAILED',
    'PRECONDITION_REQUIRED',
    'CONCURRENT_MODIFICATION',
    'INVALID_CURSOR',
    'IDEMPOTENCY_KEY_REUSED',
  ]) {
    t.ok(named.has(code), `${code} is named by at least one operation`);
  }
});

t.test('every code in the catalogue has a fixed title, status and type', async (t) => {
  for (const [code, { status, title }] of Object.entries(problemCatalogue)) {
    t.match(code, /^[A-Z][A-Z_]+[A-Z]$/, `${code}: SCREAMING_SNAKE_CASE`);
    t.ok(status >= 400 && status < 600, `${code}: an error status`);
    t.ok(title.length > 0 && title.endsWith('.'), `${code}: a title`);
  }
  for (const code of domainErrorCodes)
    t.ok(code in problemCatalogue, `${code}: every domain error has a catalogue entry`);
});
