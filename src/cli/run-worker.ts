/**
 * Worker-thread entry of `natsim run --jobs N`: says it is ready once loaded, then receives UnitJobs and answers
 * with UnitResults (or the error that stopped a job), one at a time, in the order received.
 */
import { parentPort } from 'worker_threads';
import { executeUnit, UnitJob } from './run-unit';

/** A message to the worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly job: UnitJob;
}

/** The worker's answer: ready (loaded, send jobs), or one job's outcome. */
export type WorkerResponse =
  | { readonly ready: true }
  | { readonly id: number; readonly ok: true; readonly result: ReturnType<typeof executeUnit> }
  | { readonly id: number; readonly ok: false; readonly error: string };

parentPort?.on('message', (msg: WorkerRequest) => {
  let reply: WorkerResponse;
  try {
    reply = { id: msg.id, ok: true, result: executeUnit(msg.job) };
  } catch (err) {
    reply = { id: msg.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});

parentPort?.postMessage({ ready: true } satisfies WorkerResponse);
