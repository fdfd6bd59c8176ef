/**
 * `natsim replay <report folder>`: re-runs the recorded scenario copy, cell and seed; exit 0 with the identical
 * trace hash, exit 1 with the first diverging event when the recorded trace or seed was changed, exit 2 for a
 * folder that is not a report folder.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { memoryIo } from '../../src/cli/cli-io';
import { replayCommand } from '../../src/cli/replay-command';
import { runCommand } from '../../src/cli/run-command';
import { natsimInProcess, PASS_YAML, SWEEP_YAML, tempFolder } from './cli-fixtures';

interface ReplayJson {
  seed: number;
  traceHash: string;
  events: number;
  cellIndex: number;
  params: Record<string, unknown>;
}

describe('natsim replay', () => {
  let t: ReturnType<typeof tempFolder>;
  let out: string;
  before(async () => {
    t = tempFolder({ 'pass.yaml': PASS_YAML, 'sweep.yaml': SWEEP_YAML });
    out = join(t.dir, 'reports');
    const code = await runCommand([t.path('pass.yaml'), t.path('sweep.yaml')], { out, jobs: '1' }, memoryIo());
    expect(code).to.equal(0);
  });
  after(() => t.cleanup());

  const folder = (name: string) => join(out, name);
  const info = (name: string) => JSON.parse(readFileSync(join(folder(name), 'replay.json'), 'utf8')) as ReplayJson;
  const summaryHash = (name: string) => (JSON.parse(readFileSync(join(folder(name), 'summary.json'), 'utf8')) as { traceHash: string }).traceHash;

  it('re-runs a report folder and confirms the identical trace hash (exit 0)', async () => {
    const r = await natsimInProcess('replay', folder('cli-pass'));
    expect(r.code).to.equal(0);
    const i = info('cli-pass');
    expect(i.traceHash).to.equal(summaryHash('cli-pass'));
    expect(r.out).to.equal(`identical: cli-pass, seed 1: trace ${i.traceHash.slice(0, 16)}, ${i.events} events\n`);
  });

  it('replays a sweep cell with its parameters', () => {
    const io = memoryIo();
    expect(info('cli-sweep-symmetric-2')).to.deep.include({ cellIndex: 3, params: { preset: 'symmetric', n: 2 } });
    expect(replayCommand(folder('cli-sweep-symmetric-2'), io)).to.equal(0);
    expect(io.stdout).to.match(/^identical: cli-sweep-symmetric-2 \[preset=symmetric n=2\], seed 1: trace [0-9a-f]{16}/);
  });

  it('shows the first diverging event when the recorded seed was changed (exit 1)', () => {
    const dir = folder('cli-sweep-full-cone-1');
    const path = join(dir, 'replay.json');
    const recorded = readFileSync(path, 'utf8');
    writeFileSync(path, recorded.replace('"seed": 1,', '"seed": 2,'));
    try {
      const io = memoryIo();
      expect(replayCommand(dir, io)).to.equal(1);
      const lines = io.stdout.trimEnd().split('\n');
      expect(lines[0]).to.equal('diverged: cli-sweep-full-cone-1 [preset=full-cone n=1], seed 2');
      expect(lines[1]).to.match(/^ {2}recorded trace [0-9a-f]{16}, \d+ events; replay [0-9a-f]{16}, \d+ events$/);
      const first = /^first difference at event (\d+) \(trace\.jsonl line (\d+)\):$/.exec(lines[2]);
      expect(first, io.stdout).not.to.equal(null);
      // the line named is really the first that differs between the recorded trace and a seed-2 run
      const n = Number(first![1]);
      const trace = readFileSync(join(dir, 'trace.jsonl'), 'utf8').split('\n');
      expect(lines[3]).to.include(trace[n - 1].slice(0, 100));
      expect(lines[4]).to.match(/^ {2}replayed at [\d.]+m?s: \{"t":/);
      expect(lines[4].slice(lines[4].indexOf('{'))).not.to.equal(lines[3].slice(lines[3].indexOf('{')));
    } finally {
      writeFileSync(path, recorded);
    }
    expect(replayCommand(dir, memoryIo())).to.equal(0);
  });

  it('shows the first diverging event when the recorded trace was changed, even though replay.json still matches (exit 1)', () => {
    const dir = folder('cli-pass');
    const path = join(dir, 'trace.jsonl');
    const recorded = readFileSync(path, 'utf8');
    const lines = recorded.split('\n');
    lines[9] = lines[9].replace('"t":', '"t":1');
    writeFileSync(path, lines.join('\n'));
    try {
      const io = memoryIo();
      expect(replayCommand(dir, io)).to.equal(1);
      expect(io.stdout).to.match(/^diverged: cli-pass, seed 1\n/);
      expect(io.stdout).to.include("trace.jsonl differs from it");
      expect(io.stdout).to.include('first difference at event 10 (trace.jsonl line 10):');
      expect(io.stdout).to.include(`recorded at `);
      expect(io.stdout).to.include(lines[9].slice(0, 60));
    } finally {
      writeFileSync(path, recorded);
    }
  });

  it('exits 2 for a folder that is not a report folder, and for a missing scenario copy', async () => {
    const r = await natsimInProcess('replay', t.dir);
    expect(r.code).to.equal(2);
    expect(r.err).to.include(`${t.dir}: not a report folder of natsim run (no replay.json)`);
    const dir = folder('cli-sweep-full-cone-2');
    rmSync(join(dir, 'scenario.yaml'));
    expect(existsSync(join(dir, 'replay.json'))).to.equal(true);
    const missing = await natsimInProcess('replay', dir);
    expect(missing.code).to.equal(2);
    expect(missing.err).to.include('the scenario file to replay is missing');
  });
});
