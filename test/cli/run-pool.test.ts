/**
 * run-pool: this thread runs jobs from the start and worker threads join once loaded; every job runs exactly once
 * and gives the result it gives on this thread.
 */
import { expect } from 'chai';
import os = require('os');
import { join } from 'path';
import sinon from 'sinon';
import { EventEmitter } from 'events';
import type { Worker } from 'worker_threads';
import { idleCoreMeter } from '../../src/cli/idle-cores';
import { runOnWorkers, WORKERS_PAY_AFTER_MS } from '../../src/cli/run-pool';
import { executeUnit, UnitJob, UnitResult } from '../../src/cli/run-unit';
import { SCENARIOS_ROOT } from '../support/scenario-files';

/** Six sweep cells of one lesson (each a separate run). */
const JOBS: UnitJob[] = Array.from({ length: 6 }, (_, cellIndex) => ({ file: join(SCENARIOS_ROOT, 'lessons', '14-connectivity-matrix.yaml'), cellIndex }));

async function runAll(threads: number): Promise<{ results: UnitResult[]; here: number[] }> {
  const results: UnitResult[] = [];
  const here: number[] = [];
  await runOnWorkers(JOBS, threads, (i, r) => {
    expect(results[i], `job ${i} reported twice`).to.equal(undefined);
    results[i] = r;
  }, (job) => {
    here.push(job.cellIndex);
    return executeUnit(job);
  });
  return { results, here };
}

describe('natsim run: the thread pool', function () {
  this.timeout(300_000); // worker threads load the sources through ts-node: seconds on a loaded machine

  it('with one thread runs every job here, in order', async () => {
    const { results, here } = await runAll(1);
    expect(here).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => r.passed)).to.deep.equal([true, true, true, true, true, true]);
  });

  it('with two threads starts on this thread at once and gives every job the same result as one thread', async () => {
    const one = await runAll(1);
    const two = await runAll(2);
    expect(two.here[0]).to.equal(0); // this thread took the first job before any worker was ready
    expect(two.results.map((r) => r.jsonLine)).to.deep.equal(one.results.map((r) => r.jsonLine));
    expect(two.results.map((r) => r.traceHash)).to.deep.equal(one.results.map((r) => r.traceHash));
  });

  /** A stand-in worker that never says it is ready, so it takes no job (the tests count starts, not threads). */
  const idleWorker = (): Worker => Object.assign(new EventEmitter(), { postMessage: () => undefined, terminate: () => Promise.resolve(0) }) as unknown as Worker;

  /**
   * Runs JOBS on up to `threads` threads with the default's lazy start: a clock that moves `msPerJob` for every job
   * run here, `idle` as the idle-core meter's answers (the last repeats), and the count of workers started.
   */
  async function runLazily(msPerJob: number, idle: readonly number[] = [1], threads = 2): Promise<{ results: UnitResult[]; here: number[]; started: number; threads: number; asked: number }> {
    let now = 0;
    let started = 0;
    let asked = 0;
    const results: UnitResult[] = [];
    const here: number[] = [];
    const used = await runOnWorkers(JOBS, threads, (i, r) => (results[i] = r), (job) => {
      now += msPerJob;
      here.push(job.cellIndex);
      return executeUnit(job);
    }, {
      workersAfterMs: WORKERS_PAY_AFTER_MS, clock: () => now, spawn: () => (started++, idleWorker()),
      idleCores: () => idle[Math.min(asked++, idle.length - 1)],
    });
    return { results, here, started, threads: used, asked };
  }

  it('by default starts no worker when the runs would be over sooner on this thread (6 runs of 100 ms)', async () => {
    const lazy = await runLazily(100);
    expect(lazy.started).to.equal(0);
    expect(lazy.asked, 'the idle cores are not even measured').to.equal(0);
    expect(lazy.threads).to.equal(1);
    expect(lazy.here).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('by default starts a worker after the first run once the runs left would take 6 s or more (6 runs of 2 s)', async () => {
    const one = await runAll(1);
    const lazy = await runLazily(2000);
    expect(lazy.started).to.equal(1);
    expect(lazy.threads).to.equal(2);
    expect(lazy.here[0]).to.equal(0);
    expect(lazy.results.map((r) => r.traceHash)).to.deep.equal(one.results.map((r) => r.traceHash));
  });

  it('starts workers only on cores that were idle: none while they are busy, then as many as came free', async () => {
    const busy = await runLazily(2000, [0.3]);
    expect(busy.started).to.equal(0);
    expect(busy.asked, 'asked again after each run while the work left is large').to.be.greaterThan(1);
    expect(busy.threads).to.equal(1);
    const later = await runLazily(2000, [0.2, 0.1, 1.6], 4);
    expect(later.asked).to.equal(3);
    expect(later.started).to.equal(2); // 1.6 idle cores round to 2
    expect(later.here.slice(0, 3)).to.deep.equal([0, 1, 2]);
  });

  it('rejects with the job\'s error when a job throws on this thread', async () => {
    const bad: UnitJob[] = [{ file: join(SCENARIOS_ROOT, 'no-such-file.yaml'), cellIndex: 0 }];
    const err = await runOnWorkers(bad, 2, () => undefined, executeUnit).then(() => undefined, (e: unknown) => e);
    expect(String(err)).to.match(/no-such-file\.yaml/);
  });
});

describe('natsim run: the idle-core meter', () => {
  afterEach(() => sinon.restore());

  const times = (idle: number, busy: number) => ({ model: 'x', speed: 1, times: { user: busy, nice: 0, sys: 0, idle, irq: 0 } });

  it('reports the cores idle between two readings of the kernel\'s CPU times', () => {
    const readings = [[times(1000, 1000), times(1000, 1000)], [times(1100, 1100), times(1200, 1000)]];
    let n = 0;
    sinon.stub(os, 'cpus').callsFake(() => readings[Math.min(n++, readings.length - 1)]);
    sinon.stub(os, 'availableParallelism').returns(2);
    const meter = idleCoreMeter();
    // 300 ms idle of 400 ms of CPU time on 2 cores: 1.5 cores idle
    expect(meter()).to.equal(1.5);
  });

  it('falls back to the cores minus the load average where there are no per-core times', () => {
    sinon.stub(os, 'cpus').returns([]);
    sinon.stub(os, 'availableParallelism').returns(4);
    sinon.stub(os, 'loadavg').returns([1.5, 1, 1]);
    expect(idleCoreMeter()()).to.equal(2.5);
  });
});
