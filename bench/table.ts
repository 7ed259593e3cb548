import type { LoadFigures } from './load.ts';

/** A figure, what it is set against, and the one over the other. */
export interface Row {
  readonly figure: string;
  readonly measured: string;
  readonly baseline: string;
  readonly ratio: number | undefined;
}

/** Prints rows as aligned columns under a title, then any notes. */
export function printTable(title: string, rows: readonly Row[], notes: readonly string[]): void {
  const header: Row = { figure: 'figure', measured: 'measured', baseline: 'baseline', ratio: 0 };
  const cells = [header, ...rows].map((row, i) => [
    row.figure,
    row.measured,
    row.baseline,
    i === 0 ? 'ratio' : row.ratio === undefined ? '' : ratio(row.ratio),
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...cells.map((cell) => cell[column]!.length)));
  console.log(`\n${title}`);
  for (const cell of cells) {
    const [figure, measured, baseline, last] = cell;
    console.log(
      [
        figure!.padEnd(widths[0]!),
        measured!.padEnd(widths[1]!),
        baseline!.padEnd(widths[2]!),
        last!.padStart(6),
      ].join('  '),
    );
  }
  for (const note of notes) console.log(`  ${note}`);
}

/** A load run in one line: throughput, then latency at the median and the 99th percentile. */
export function loadCell(figures: LoadFigures): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return `${count(figures.requestsPerSecond)} req/s  p50 ${ms(figures.p50Ms)}  p99 ${ms(figures.p99Ms)}`;
}

/** Whole numbers with thousands marked, so a million reads as one. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

function ratio(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(3);
}
