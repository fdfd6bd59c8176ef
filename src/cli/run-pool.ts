/**
 * Runs UnitJobs on this thread and on up to `threads - 1` worker threads (node:worker_threads), and reports each
 * result with its job's index. Results do not depend on the number of threads: every run is independent and
 * deterministic. This thread runs jobs from the start, while the workers load; a worker gets jobs only once it says
 * it is ready, so a slow-starting worker never holds a job back. By default (no --jobs) workers start only once the
 * runs left would keep this thread busy for WORKERS_PAY_AFTER_MS (a worker's start costs about a second of CPU, and
 * below that a run set is over before a second thread pays it back), and only as many as there were idle cores
 * while this thread ran: on a busy machine a worker gets no core of its own (docs/performance.md, "Threads").
 * Workers load the compiled run-worker.js, or, when this file is the TypeScript source (ts-node), the source
 * through ts-node (bin/dev-register.js).
 */
import { join } from 'path';
import { Worker } from 'worker_threads';
import { idleCoreMeter } from './idle-cores';
import type { UnitJob, UnitResult } from './run-unit';
import type { WorkerRequest, WorkerResponse } from './run-worker';

/** Jobs handed to a worker ahead of its current one, so it never waits for this thread between jobs. */
const WORKER_QUEUE = 2;

/**
 * Work left, in ms on this thread (the mean time of this thread's runs so far times the runs not yet handed out),
 * from which the default starts worker threads. Measured on the project's 2-core VM (docs/performance.md,
 * "Threads"): a second thread made 65 lesson runs (3.2 s on one thread) 7 % slower and 20 heavier runs (4.8 s)
 * no faster, and 60 runs (about 9.5 s) about a fifth faster.
 */
export const WORKERS_PAY_AFTER_MS = 6000;

/** How runOnWorkers starts its workers. */
export interface PoolOptions {
  /**
   * Start the workers only once the estimated work left reaches this many ms of this thread's time; 0 starts them
   * with the first job (an explicit --jobs).
   * @default 0
   */
  workersAfterMs?: number;
  /** Wall-clock ms for that estimate (tests pass a fake one). @default performance.now */
  clock?: () => number;
  /**
   * With workersAfterMs: cores idle since the previous call (or since the pool started); as many workers start as
   * it gives, rounded (0.5 and up is a core). Tests pass a fake one. @default idleCoreMeter()
   */
  idleCores?: () => number;
  /** Starts a worker (tests count them). @default startWorker */
  spawn?: () => Worker;
}

/** Starts one worker running run-worker (.ts through ts-node when this file is TypeScript). */
export function startWorker(): Worker {
  if (__filename.endsWith('.ts')) {
    const root = join(__dirname, '..', '..');
    const entry = join(__dirname, 'run-worker.ts');
    const boot = `require(${JSON.stringify(join(root, 'bin', 'dev-register.js'))}).registerTsNode(${JSON.stringify(root)});\nrequire(${JSON.stringify(entry)});`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(join(__dirname, 'run-worker.js'));
}

/**
 * Runs every job on this thread (`runHere`) and up to `threads - 1` workers. `onResult(index, result)` is called
 * as each finishes (in completion order). Resolves with the number of threads that took part (this one and the
 * workers started); rejects on the first job that throws, after stopping the workers.
 */
export function runOnWorkers(
  jobs: readonly UnitJob[], threads: number, onResult: (index: number, result: UnitResult) => void, runHere: (job: UnitJob) => UnitResult,
  opts: PoolOptions = {},
): Promise<number> {
  const { workersAfterMs = 0, clock = () => performance.now(), spawn = startWorker } = opts;
  // Lazy start (the default without --jobs): workers wait until they pay, on the cores found idle meanwhile.
  const idleCores = threads > 1 && workersAfterMs > 0 ? opts.idleCores ?? idleCoreMeter() : undefined;
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let settled = false;
    const workers: Worker[] = [];
    const inFlight = new Map<Worker, number>();
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err === undefined) resolve(1 + workers.length);
      else reject(err);
    };
    const record = (i: number, r: UnitResult): void => {
      onResult(i, r);
      if (++done === jobs.length) finish();
    };
    const feed = (w: Worker): void => {
      while (!settled && next < jobs.length && (inFlight.get(w) ?? 0) < WORKER_QUEUE) {
        const req: WorkerRequest = { id: next, job: jobs[next] };
        next++;
        inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
        w.postMessage(req);
      }
    };
    if (jobs.length === 0) return resolve(1);
    /** Starts up to `most` workers (this thread takes one of the jobs left as well); returns how many started. */
    const startWorkers = (most: number): number => {
      const workerCount = Math.max(0, Math.min(most, threads - 1, jobs.length - next - 1));
      for (let i = 0; i < workerCount; i++) addWorker();
      return workerCount;
    };
    const addWorker = (): void => {
      const w = spawn();
      workers.push(w);
      w.on('message', (msg: WorkerResponse) => {
        if (settled) return;
        if ('ready' in msg) return feed(w);
        inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
        if (!msg.ok) return finish(new Error(`run of ${jobs[msg.id].file} (cell ${jobs[msg.id].cellIndex}) failed on a worker thread: ${msg.error}`));
        feed(w);
        record(msg.id, msg.result);
      });
      w.on('error', (err) => finish(err));
    };
    // Workers at once, or once the work left is estimated to pay for them (after each of this thread's runs) and
    // on the cores that were idle meanwhile; with none idle, the next run's end asks again.
    let waitingForWorkers = idleCores !== undefined;
    if (!waitingForWorkers) startWorkers(threads - 1);
    const t0 = clock();
    let ranHere = 0;
    // This thread's share: one job at a time, yielding between jobs so worker messages (and a progress bar) get in.
    const runOne = (): void => {
      if (settled || next >= jobs.length) return;
      const i = next++;
      try {
        record(i, runHere(jobs[i]));
      } catch (err) {
        return finish(err);
      }
      ranHere++;
      if (waitingForWorkers && ((clock() - t0) / ranHere) * (jobs.length - next) >= workersAfterMs) {
        waitingForWorkers = startWorkers(Math.floor(idleCores!() + 0.5)) === 0;
      }
      setImmediate(runOne);
    };
    runOne();
  });
}
