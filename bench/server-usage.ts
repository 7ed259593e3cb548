import type { FastifyInstance } from 'fastify';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** What the server's own process spent on a run, per answer it gave. */
export interface ServerUsage {
  /** CPU time, user and system, in µs per 2xx answer: every thread of the process. */
  readonly cpuUs: number;
  /**
   * Time the event loop was busy, in µs per 2xx answer: the one thread every
   * request passes through, whose work bounds requests/s. Wall-clock time: a
   * busy loop kept off the CPU by other work counts too.
   */
  readonly loopBusyUs: number;
  readonly systemUs: number;
  /** Times the process slept (the event loop found nothing to do, or waited on a disk). */
  readonly sleeps: number;
  /** Times the kernel took the CPU away for another process: the machine's other work. */
  readonly preempted: number;
  /** Milliseconds from a request's arrival in Fastify to its answer being sent. */
  readonly answerP50Ms: number;
  readonly answerP99Ms: number;
  /** How late the event loop ran a 1 ms timer: a loop blocked, or a process kept off the CPU. */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
}

/** Notes how long each answer took inside the server; `take` hands over those noted so far. */
export function timeAnswers(app: FastifyInstance): { take(): number[] } {
  let times: number[] = [];
  app.addHook('onResponse', async (_request, reply) => {
    times.push(reply.elapsedTime);
  });
  return {
    take() {
      const taken = times;
      times = [];
      return taken;
    },
  };
}

/**
 * Starts measuring the server's process. The load generator runs in another
 * process, so this is the server's own work, which other work on the machine
 * disturbs much less than it disturbs requests/s.
 */
export function measureServer(answers: { take(): number[] }): (count: number) => ServerUsage {
  answers.take();
  const cpu = process.cpuUsage();
  const utilisation = performance.eventLoopUtilization();
  const before = process.resourceUsage();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();

  return (count) => {
    loop.disable();
    const used = process.cpuUsage(cpu);
    const busy = performance.eventLoopUtilization(utilisation);
    const after = process.resourceUsage();
    const times = answers.take().sort((x, y) => x - y);
    const per = (value: number) => value / Math.max(count, 1);
    const at = (share: number) => times[Math.floor(share * (times.length - 1))] ?? 0;
    return {
      cpuUs: per(used.user + used.system),
      loopBusyUs: per(busy.active * 1000),
      systemUs: per(used.system),
      sleeps: per(after.voluntaryContextSwitches - before.voluntaryContextSwitches),
      preempted: per(after.involuntaryContextSwitches - before.involuntaryContextSwitches),
      answerP50Ms: at(0.5),
      answerP99Ms: at(0.99),
      // The histogram counts in nanoseconds.
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
    };
  };
}
