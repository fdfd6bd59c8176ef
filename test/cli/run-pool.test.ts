/**
 * run-pool: this thread runs jobs from the start and worker threads join once loaded; every job runs exactly once
 * and gives the result it gives on this thread.
 */
import { expect } from 'chai';
import os = require('os');
import { join } from 'path';
import sinon from 'sinon';
import { defaultThreads, runOnWorkers, startWorker, WORKERS_PAY_AFTER_MS } from '../../src/cli/run-pool';
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

  /** A clock that moves `msPerJob` for every job run here, and the count of workers started. */
  async function runLazily(msPerJob: number): Promise<{ results: UnitResult[]; here: number[]; started: number; threads: number }> {
    let now = 0;
    let started = 0;
    const results: UnitResult[] = [];
    const here: number[] = [];
    const threads = await runOnWorkers(JOBS, 2, (i, r) => (results[i] = r), (job) => {
      now += msPerJob;
      here.push(job.cellIndex);
      return executeUnit(job);
    }, { workersAfterMs: WORKERS_PAY_AFTER_MS, clock: () => now, spawn: () => (started++, startWorker()) });
    return { results, here, started, threads };
  }

  it('by default starts no worker when the runs would be over sooner on this thread (6 runs of 100 ms)', async () => {
    const lazy = await runLazily(100);
    expect(lazy.started).to.equal(0);
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

  it('rejects with the job\'s error when a job throws on this thread', async () => {
    const bad: UnitJob[] = [{ file: join(SCENARIOS_ROOT, 'no-such-file.yaml'), cellIndex: 0 }];
    const err = await runOnWorkers(bad, 2, () => undefined, executeUnit).then(() => undefined, (e: unknown) => e);
    expect(String(err)).to.match(/no-such-file\.yaml/);
  });
});

describe('natsim run: the default number of threads', () => {
  afterEach(() => sinon.restore());

  const threadsFor = (cores: number, load: number): number => {
    sinon.restore();
    sinon.stub(os, 'availableParallelism').returns(cores);
    sinon.stub(os, 'loadavg').returns([load, load, load]);
    return defaultThreads();
  };

  it('is one per idle core: every core when quiet, none extra when busy, 1 on one core', () => {
    expect(threadsFor(2, 0.1)).to.equal(2);
    expect(threadsFor(2, 0.6)).to.equal(2);
    expect(threadsFor(2, 1.2)).to.equal(1);
    expect(threadsFor(2, 18)).to.equal(1);
    expect(threadsFor(1, 0)).to.equal(1);
    expect(threadsFor(4, 1.5)).to.equal(3);
  });
});
