/**
 * Runs UnitJobs on worker threads (node:worker_threads), N at a time, and reports each result with its job's
 * index. Results do not depend on the number of threads: every run is independent and deterministic. Works from
 * compiled JavaScript and from TypeScript under ts-node (the worker registers ts-node itself).
 */
import { join } from 'path';
import { Worker } from 'worker_threads';
import type { UnitJob, UnitResult } from './run-unit';
import type { WorkerRequest, WorkerResponse } from './run-worker';

/** Starts one worker running run-worker (.ts through ts-node when this file is TypeScript). */
export function startWorker(): Worker {
  if (__filename.endsWith('.ts')) {
    const project = join(__dirname, '..', '..', 'tsconfig.json');
    const entry = join(__dirname, 'run-worker.ts');
    const boot = `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(project)} });\nrequire(${JSON.stringify(entry)});`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(join(__dirname, 'run-worker.js'));
}

/**
 * Runs every job on up to `threads` workers. `onResult(index, result)` is called as each finishes (in completion
 * order). Rejects on the first job that throws, after stopping the workers.
 */
export function runOnWorkers(jobs: readonly UnitJob[], threads: number, onResult: (index: number, result: UnitResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const workers: Worker[] = [];
    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
    };
    const feed = (w: Worker): void => {
      if (next >= jobs.length) return;
      const req: WorkerRequest = { id: next, job: jobs[next] };
      next++;
      w.postMessage(req);
    };
    const count = Math.max(1, Math.min(threads, jobs.length));
    if (jobs.length === 0) return resolve();
    for (let i = 0; i < count; i++) {
      const w = startWorker();
      workers.push(w);
      w.on('message', (msg: WorkerResponse) => {
        if (failed) return;
        if (!msg.ok) {
          failed = true;
          stopAll();
          return reject(new Error(`run of ${jobs[msg.id].file} (cell ${jobs[msg.id].cellIndex}) failed on a worker thread: ${msg.error}`));
        }
        onResult(msg.id, msg.result);
        if (++done === jobs.length) {
          stopAll();
          return resolve();
        }
        feed(w);
      });
      w.on('error', (err) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(err);
      });
      feed(w);
    }
  });
}
