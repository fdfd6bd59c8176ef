/**
 * Is the machine free enough for a real-time test right now? The 1-minute load average lags by a minute: work that
 * started seconds ago (other test workers, other jobs) is not in it yet. Linux's /proc also says which threads are
 * runnable at this instant and at what priority; sampled a few times, the runnable ones at the test's priority or
 * above are the load the test is about to run beside.
 */
import { readdirSync, readFileSync } from 'fs';
import os = require('os');

/**
 * Threads runnable right now that compete with this process on an equal footing: state R and a nice value no
 * higher than this process's (threads at a lower priority, such as `npm test`'s computing suite at nice 10, yield
 * to it). Read from /proc/<pid>/task/<tid>/stat, without the sampling thread itself; undefined where /proc does not
 * list tasks.
 */
function runnableAtOurPriority(): number | undefined {
  const ours = os.getPriority();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  let n = 0;
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // the process ended meanwhile
    }
    for (const tid of tids) {
      if (tid === String(process.pid)) continue; // the sampling thread
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      } catch {
        continue;
      }
      // "tid (comm) S ppid ...": the fields after the command's closing parenthesis, the 3rd field (state) first
      // and the 19th (nice) at index 16.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'R' && Number(f[16]) <= ours) n++;
    }
  }
  return n;
}

/** The runnable count of /proc/loadavg's fourth field (`running/total`) besides the sampling thread, every priority. */
function runnableAnyPriority(): number | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/loadavg', 'utf8');
  } catch {
    return undefined;
  }
  const m = /\s(\d+)\/\d+\s/.exec(text);
  return m ? Math.max(0, Number(m[1]) - 1) : undefined;
}

/**
 * Threads runnable besides the sampling one at this process's priority or above (every priority where /proc lists
 * no tasks), averaged over `samples` readings `gapMs` apart; undefined off Linux.
 */
export async function runnableThreadsNow(samples = 10, gapMs = 30): Promise<number | undefined> {
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const now = runnableAtOurPriority() ?? runnableAnyPriority();
    if (now === undefined) return undefined;
    sum += now;
    if (i + 1 < samples) await new Promise((r) => setTimeout(r, gapMs));
  }
  return sum / samples;
}

/**
 * Why a real-time test should not run now, or undefined when it may: the 1-minute load average above 3 per core
 * (a machine busy for a while), or more than 3 runnable threads per core besides this one at its priority or
 * above in every look over about 6 s (work that began too recently for the average, and not a passing burst).
 * `npm test`'s computing suite runs at nice 10 and yields to the test, so it does not count: the flood test passed
 * beside three busy loops at nice 10 (docs/performance.md, "The test suite").
 */
export async function oversubscribed(): Promise<string | undefined> {
  const cores = os.cpus().length;
  const load = os.loadavg()[0];
  if (load > 3 * cores) return `load average ${load.toFixed(1)} on ${cores} cores`;
  // A burst passes in a second or two (sibling test workers compiling at their start): look again for up to about
  // 6 s before giving up.
  let now: number | undefined;
  for (let look = 0; look < 8; look++) {
    if (look > 0) await new Promise((r) => setTimeout(r, 500));
    now = await runnableThreadsNow();
    if (now === undefined || now <= 3 * cores) return undefined;
  }
  return `${now!.toFixed(1)} other threads at its priority runnable for 6 s on ${cores} cores`;
}
