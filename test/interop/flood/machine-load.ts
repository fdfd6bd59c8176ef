/**
 * Is the machine free enough for a real-time test right now? The 1-minute load average lags by a minute: work that
 * started seconds ago (other test workers, other jobs) is not in it yet. Linux's /proc/loadavg also says how many
 * threads are runnable at this instant (its fourth field, `running/total`); sampled a few times, that is the load
 * the test is about to run beside.
 */
import { readFileSync } from 'fs';
import os = require('os');

/** Threads runnable besides the sampling one, averaged over `samples` readings `gapMs` apart; undefined off Linux. */
export async function runnableThreadsNow(samples = 10, gapMs = 30): Promise<number | undefined> {
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    let text: string;
    try {
      text = readFileSync('/proc/loadavg', 'utf8');
    } catch {
      return undefined;
    }
    const m = /\s(\d+)\/\d+\s/.exec(text);
    if (!m) return undefined;
    sum += Math.max(0, Number(m[1]) - 1);
    if (i + 1 < samples) await new Promise((r) => setTimeout(r, gapMs));
  }
  return sum / samples;
}

/**
 * Why a real-time test should not run now, or undefined when it may: the 1-minute load average above 3 per core
 * (a machine busy for a while), or more than 3 runnable threads per core right now besides this one (work that
 * began too recently for the average). `npm test`'s own other two workers, with V8's helper threads, make about
 * 4.5 on 2 cores; three busy processes beside them make about 7.5 (docs/performance.md, "The test suite").
 */
export async function oversubscribed(): Promise<string | undefined> {
  const cores = os.cpus().length;
  const load = os.loadavg()[0];
  if (load > 3 * cores) return `load average ${load.toFixed(1)} on ${cores} cores`;
  const now = await runnableThreadsNow();
  if (now !== undefined && now > 3 * cores) return `${now.toFixed(1)} other threads runnable right now on ${cores} cores`;
  return undefined;
}
