/**
 * How many cores sat idle over a stretch of wall time, from the kernel's CPU accounting (os.cpus(): /proc/stat on
 * Linux). `natsim run` asks it after its first runs, before starting worker threads: a worker pays only on a core
 * that nothing else wants. The 1-minute load average is a poor guide for that: it lags by a minute, and on some
 * VMs a kernel thread in uninterruptible sleep keeps it near 1 on an idle machine (docs/performance.md, "Threads").
 */
import { availableParallelism, cpus, loadavg } from 'os';

/** CPU time summed over every core, in ms: idle, and in all. */
interface CpuTimes {
  readonly idle: number;
  readonly total: number;
}

function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/**
 * A meter of idle cores: each call returns how many cores were idle on average since the previous call (or since
 * the meter was made), between 0 and the core count. Where the system gives no per-core times it falls back to the
 * cores minus the 1-minute load average.
 */
export function idleCoreMeter(): () => number {
  let last = cpuTimes();
  return () => {
    const now = cpuTimes();
    const cores = availableParallelism();
    const total = now.total - last.total;
    const idle = now.idle - last.idle;
    last = now;
    if (!(total > 0)) return Math.max(0, cores - loadavg()[0]);
    return Math.min(cores, Math.max(0, (cores * idle) / total));
  };
}
