/**
 * Runs that cannot take the machine down (issue 14): the event, wall-clock, trace-size and report-disk budgets
 * stop a runaway (here a static routing loop fed by a fast traffic agent) with a clear message, and never change
 * a run that stays within them. The wall clock is injected: no test waits for real time.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { memoryIo } from '../../src/cli/cli-io';
import { runCommand } from '../../src/cli/run-command';
import { runBlock } from '../../src/cli/run-output';
import { executeUnit } from '../../src/cli/run-unit';
import { parseScenarioSpec } from '../../src/scenario/format';
import { runScenario } from '../../src/scenario/run/run-scenario';
import { RUN_GUARD_DEFAULTS, RunGuard } from '../../src/sim/run-guard';
import { natsimInProcess, tempFolder } from './cli-fixtures';
import { routingLoopYaml } from './guards-fixtures';

/** A clock that moves `step` ms each time it is read. */
function steppingClock(step: number): { read: () => number; reads: () => number } {
  let t = 1_000_000;
  let n = 0;
  return { read: () => ((n++), (t += step)), reads: () => n };
}

/** Total bytes of the files in a folder. */
function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

describe('run guards', function () {
  this.timeout(60_000);
  const storm = parseScenarioSpec(routingLoopYaml(1_000_000, '1ms', '20m'), 'storm.yaml');

  it('has defaults that stop a runaway within 60 s and 1 GB', () => {
    expect(RUN_GUARD_DEFAULTS.maxWallMs).to.be.at.most(60_000);
    expect(RUN_GUARD_DEFAULTS.maxTraceBytes + RUN_GUARD_DEFAULTS.maxDiskBytes / 4).to.be.at.most(1024 * 1024 * 1024);
    expect(RUN_GUARD_DEFAULTS.maxDiskBytes).to.be.at.most(1024 * 1024 * 1024);
  });

  it('the wall-clock budget stops a storm, reading the (injected) clock only every few thousand events', () => {
    const clock = steppingClock(1000); // one second per reading
    const r = runScenario(storm, { keepEvents: false, limits: { maxWallMs: 10_000, clock: clock.read } });
    expect(r.passed).to.equal(false);
    expect(r.stopped).to.match(/^RunawayError: wall-clock budget: the run took more than 10 s of real time .*raise --max-wall/u);
    expect(r.stopped).to.include(`after ${11 * 256} events)`);
    expect(clock.reads()).to.equal(12); // one at the start, then one per 256 events until the 11th exceeds 10 s
  });

  it('the memory budget stops a run whose memory (injected reading) grows past it', () => {
    let used = 100 * 1024 * 1024;
    const memory = () => (used += 8 * 1024 * 1024); // 8 MB more at each reading
    const r = runScenario(storm, { keepEvents: false, limits: { maxMemoryBytes: 64 * 1024 * 1024, memory } });
    expect(r.stopped).to.match(/^RunawayError: memory budget: the run grew this process by more than 64 MB .*raise --max-memory-mb/u);
    expect(r.stopped).to.include(`after ${9 * 256} events)`); // readings at 8 MB steps: the 9th is 72 MB over the start
  });

  it('does not change a run that stays within its budgets (same trace hash, whatever the clock says)', () => {
    const small = parseScenarioSpec(routingLoopYaml(20, '10ms'), 'small.yaml');
    const plain = runScenario(small, { keepEvents: false });
    const clock = steppingClock(7);
    const guarded = runScenario(small, { keepEvents: true, limits: { maxWallMs: 1_000_000, maxTraceBytes: 10_000_000, maxEvents: 1_000_000, clock: clock.read } });
    expect(guarded.passed).to.equal(true);
    expect(guarded.record.stats.traceHash).to.equal(plain.record.stats.traceHash);
    expect(guarded.record.stats.events).to.equal(plain.record.stats.events);
  });

  it('the trace budget stops a run whose kept trace grows past it ("trace too large")', () => {
    const limit = 256 * 1024;
    const r = runScenario(storm, { keepEvents: true, limits: { maxTraceBytes: limit } });
    expect(r.stopped).to.match(/^RunawayError: trace too large: more than 0\.25 MB of trace events .*raise --max-trace-mb, or set trace: summary/u);
    const kept = r.record.events.reduce((n, ev) => n + JSON.stringify(ev, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).length, 0);
    expect(r.record.events.length).to.be.below(5000);
    expect(kept).to.be.below(4 * limit);
  });

  it('the disk budget keeps a report folder within --max-report-mb and stops the run ("report too large")', async () => {
    const t = tempFolder({ 'storm.yaml': routingLoopYaml(1_000_000, '1ms', '20m') });
    try {
      const r = await natsimInProcess('run', t.path('storm.yaml'), '--out', t.path('out'), '--jobs', '1', '--max-report-mb', '1', '--max-trace-mb', '0');
      expect(r.code).to.equal(1);
      expect(r.out).to.include('report too large: trace.jsonl was cut short: the report\'s files would take more than 1 MB on disk; raise --max-report-mb, or run with --no-report');
      expect(r.out).to.include('report file trace.jsonl cut short: the report\'s disk budget of 1048576 bytes was full (--max-report-mb)');
      expect(folderBytes(t.path('out/loop'))).to.be.below(1024 * 1024 + 64 * 1024); // + the small replay files
    } finally {
      t.cleanup();
    }
  });

  it('a report file the disk budget cuts at the end is named, with why, in the run result, its --json line and its text block', () => {
    const t = tempFolder({ 'small.yaml': routingLoopYaml(20, '10ms') });
    try {
      const full = runScenario(parseScenarioSpec(routingLoopYaml(20, '10ms'), t.path('small.yaml')), { reportDir: t.path('full') });
      expect(full.reportCut).to.equal(undefined);
      const size = (f: string) => statSync(t.path(`full/${f}`)).size;
      const html = size('report.html');
      const limit = ['trace.jsonl', 'capture.pcapng', 'summary.json', 'report.md'].reduce((n, f) => n + size(f), 0) + html - 1;
      const why = `report.html not written: ${html} bytes would pass the report's disk budget of ${limit} bytes (--max-report-mb)`;
      const r = executeUnit({ file: t.path('small.yaml'), cellIndex: 0, reportDir: t.path('cut'), limits: { maxReportBytes: limit } });
      expect(r.passed).to.equal(true);
      expect(r.reportCut).to.deep.equal([why]);
      expect(readFileSync(t.path('cut/report.html'), 'utf8')).to.equal(`${why.replace(/^report\.html /u, '')}\n`);
      expect(JSON.parse(r.jsonLine).reportCut).to.deep.equal([why]);
      const unit = { index: 0, file: t.path('small.yaml'), fileIndex: 0, cellIndex: 0, label: '', name: 'loop' };
      expect(runBlock(unit, r, false)).to.include(`!  report file ${why}`);
    } finally {
      t.cleanup();
    }
  });

  it('--max-events stops a run with exit 1 and says which guard tripped', async () => {
    const io = memoryIo();
    const t = tempFolder({ 'storm.yaml': routingLoopYaml(1_000_000, '1ms', '20m') });
    try {
      const code = await runCommand([t.path('storm.yaml')], { jobs: '1', report: false, maxEvents: '20000' }, io);
      expect(code).to.equal(1);
      expect(io.stdout).to.match(/^FAIL loop /mu);
      expect(io.stdout).to.include('the run completes: RunawayError: event guard: more than 20000 events');
    } finally {
      t.cleanup();
    }
  });

  it('natsim replay takes the same budgets and says when a replay stopped early', async () => {
    const t = tempFolder({ 'loop.yaml': routingLoopYaml(20, '10ms') });
    try {
      expect((await natsimInProcess('run', t.path('loop.yaml'), '--out', t.path('out'), '--jobs', '1')).code).to.equal(0);
      expect((await natsimInProcess('replay', t.path('out/loop'))).code).to.equal(0);
      const r = await natsimInProcess('replay', t.path('out/loop'), '--max-events', '100');
      expect(r.code).to.equal(1);
      expect(r.out).to.include('the replay stopped early: RunawayError: event guard: more than 100 events');
      expect((await natsimInProcess('replay', t.path('out/loop'), '--max-wall', 'x')).code).to.equal(2);
    } finally {
      t.cleanup();
    }
  });

  it('refuses bad budget flags with exit 2', async () => {
    for (const [flag, value] of [['--max-events', '-1'], ['--max-wall', 'soon'], ['--max-trace-mb', '1.5'], ['--max-report-mb', 'x'], ['--max-memory-mb', '1e3'], ['--max-input-mb', '0']]) {
      const r = await natsimInProcess('run', 'nothing.yaml', flag, value);
      expect(r.code, flag).to.equal(2);
      expect(r.err, flag).to.include(`${flag} ${value}: expected a whole number`);
    }
  });

  it('RunGuard trips once and keeps the first reason', () => {
    const g = new RunGuard({ maxTraceBytes: 10, clock: () => 0 });
    g.addTraceBytes(11);
    g.diskFull(5);
    expect(() => g.condition()).to.throw(/trace too large/u);
    expect(g.error?.guard).to.equal('trace');
  });
});
