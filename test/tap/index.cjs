/*
 * A tap plugin that loads the suite's TypeScript with esbuild instead of
 * tap's default ts-node. ts-node loads the TypeScript compiler into every one
 * of the suite's test processes, which cost CI about half of its test time;
 * type checking is the `typecheck` step's job, so nothing is lost here.
 *
 * Not tsx either, though the service runs on it: tsx squeezes each module
 * onto one line, and coverage, counted line by line of the code that ran,
 * then finds almost nothing to count.
 *
 * A package of its own (package.json beside it) because tap loads plugins by
 * module name. The underscore in its name is deliberate: tap looks a plugin
 * named like a registry package up in the npm registry, and a name whose
 * part after the scope starts with "_" (which the registry never has) it
 * takes as a module already on disk.
 */

/** Imported in every test process ahead of tap's own loaders, as `--import`. */
exports.importLoader = '@learning-log/_tap-ts/register.mjs';
exports.preload = true;
exports.testFileExtensions = ['ts'];

exports.plugin = () => ({});
