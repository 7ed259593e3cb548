import type { HttpMeasure, HttpResult } from './http-measures.ts';
import type { LoadFigures, RequestKind } from './load.ts';
import type { RebuildFigures } from './rebuild.ts';
import type { ScaleFigures } from './scale.ts';
import { count, loadCell, megabytes, seconds, type Row } from './table.ts';

/** The table's rows and notes for one store, as the measures finish. */
export interface Report {
  readonly rows: Row[];
  readonly notes: string[];
}

const titles: Record<HttpMeasure, string> = {
  record: 'record an entry',
  read: 'read a profile',
  mixed: 'mixed 80/20',
};

/** Each run against its baseline: requests/s and latency, then the server's CPU per answer. */
export function addHttp(report: Report, result: HttpResult): void {
  const { measure, service, baseline } = result;
  const kinds = Object.keys(service.byKind) as RequestKind[];
  const parts: Array<[string, LoadFigures, LoadFigures]> =
    kinds.length > 1
      ? [
          ...kinds.map((kind): [string, LoadFigures, LoadFigures] => [
            `${titles[measure]}, ${kind === 'read' ? 'reads' : 'writes'}`,
            service.byKind[kind]!,
            baseline.byKind[kind]!,
          ]),
          [`${titles[measure]}, all`, service.total, baseline.total],
        ]
      : [[titles[measure], service.total, baseline.total]];
  for (const [figure, measured, against] of parts)
    report.rows.push(loadRow(figure, measured, against));
  const { serviceUsage, baselineUsage } = result;
  report.rows.push(
    perAnswerRow('  server cpu per answer', serviceUsage.cpuUs, baselineUsage.cpuUs),
    perAnswerRow('  event loop busy per answer', serviceUsage.loopBusyUs, baselineUsage.loopBusyUs),
  );
  if (result.durableAppend !== undefined) {
    const { figures, usage } = result.durableAppend;
    report.rows.push(
      loadRow('  durable append alone', figures.total, baseline.total),
      perAnswerRow(
        '    its event loop busy per answer',
        usage.loopBusyUs,
        baselineUsage.loopBusyUs,
      ),
    );
  }

  const writes = service.byKind.write;
  if (writes !== undefined) {
    report.notes.push(
      `${titles[measure]}: ${count(result.appended)} events appended for ${count(writes.ok)} writes answered 201 (the difference: writes in flight as counting stopped)`,
    );
  }
  const failed = service.total.failed + baseline.total.failed;
  if (failed > 0) report.notes.push(`${titles[measure]}: ${failed} requests failed`);
}

/** Requests per second and latency under one load, against the baseline's under the same. */
function loadRow(figure: string, measured: LoadFigures, against: LoadFigures): Row {
  return {
    figure,
    measured: loadCell(measured),
    baseline: loadCell(against),
    ratio: measured.requestsPerSecond / against.requestsPerSecond,
  };
}

/** A cost in µs per answer, against the baseline's. */
function perAnswerRow(figure: string, measuredUs: number, againstUs: number): Row {
  const micros = (us: number) => `${us.toFixed(0)} µs`;
  return {
    figure,
    measured: micros(measuredUs),
    baseline: micros(againstUs),
    ratio: measuredUs / againstUs,
  };
}

export function addRebuild(report: Report, figures: RebuildFigures): void {
  const rate = (ms: number) => (figures.events * 1000) / ms;
  report.rows.push({
    figure: `rebuild every projection, ${count(figures.events)} events`,
    measured: `${count(rate(figures.rebuildMs))} events/s (${seconds(figures.rebuildMs)})`,
    baseline: `readAll ${count(rate(figures.readMs))} events/s (${seconds(figures.readMs)})`,
    ratio: rate(figures.rebuildMs) / rate(figures.readMs),
  });
}

/** The service on the big store against the same on the small one. */
export function addScale(report: Report, big: ScaleFigures, small: ScaleFigures): void {
  const row = (figure: string, of: (f: ScaleFigures) => number, shown: (v: number) => string) =>
    report.rows.push({
      figure,
      measured: shown(of(big)),
      baseline: shown(of(small)),
      ratio: of(big) / of(small),
    });
  report.rows.push({
    figure: 'scale: events in the store',
    measured: count(big.events),
    baseline: count(small.events),
    ratio: big.events / small.events,
  });
  row('  start-up to listening', (f) => f.listeningMs, seconds);
  row('  start-up to ready', (f) => f.readyMs, seconds);
  row('  resident memory after start', (f) => f.rssAfterStart, megabytes);
  row('  resident memory after load', (f) => f.rssAfterLoad, megabytes);
  row('  profile reads per second', (f) => f.reads.requestsPerSecond, count);
  row(
    '  profile read p99',
    (f) => f.reads.p99Ms,
    (ms) => `${ms.toFixed(1)} ms`,
  );
  const failed = big.reads.failed + small.reads.failed;
  if (failed > 0) report.notes.push(`scale: ${failed} profile reads failed`);
}
