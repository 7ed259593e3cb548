/*
 * Module hooks for the test processes: a `.ts` module is compiled by esbuild
 * as it loads, keeping its line breaks and with a source map inline, so
 * stack traces and coverage point at the TypeScript. Imports name their
 * files with the `.ts` extension, so Node's own resolution finds them.
 */
import { transform } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const tsconfig = JSON.parse(
  await readFile(new URL('../../tsconfig.json', import.meta.url), 'utf8'),
);

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);

  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcefile: path,
    sourcemap: 'inline',
    tsconfigRaw: { compilerOptions: tsconfig.compilerOptions },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
