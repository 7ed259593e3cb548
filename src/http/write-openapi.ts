import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi-document.ts';

/** Writes the committed OpenAPI document: `npm run openapi`. */
const target = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));
writeFileSync(target, await openApiDocument());
process.stdout.write(`wrote ${target}\n`);
