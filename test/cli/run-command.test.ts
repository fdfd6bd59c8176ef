/**
 * `natsim run`: exit codes (0 all held, 1 one failed, 2 bad input with nothing run), `--json` lines, `--seed`,
 * `--out` report folders (byte-identical for the same seed), `--jobs` and `--shard` giving the same results as a
 * plain run. In-process (runCommand, runCli) for speed; test/cli/terminal-output.test.ts spawns the real binary.
 */
import { expect } from 'chai';
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { memoryIo } from '../../src/cli/cli-io';
import { runCommand, RunOptions } from '../../src/cli/run-command';
import { REPORT_FILES } from '../../src/report/write-report';
import { ScenarioError } from '../../src/scenario/format';
import {
  BAD_KEY_YAML, FAIL_YAML, filesOf, natsimInProcess, PASS_YAML, positionOf, SWEEP_YAML, tempFolder, UNBUILDABLE_YAML,
} from './cli-fixtures';

const LINE_KEYS = ['scenario', 'file', 'seed', 'params', 'passed', 'expectations', 'traceHash', 'virtualTimeMs', 'events'];

interface JsonLine {
  scenario: string;
  file: string | null;
  seed: number;
  passed: boolean;
  expectations: { name: string; passed: boolean; detail: string }[];
  traceHash: string;
  virtualTimeMs: number;
  events: number;
}

/** runCommand with an in-memory io; reports off unless `out` is given. */
async function runIn(paths: string[], opts: RunOptions = {}) {
  const io = memoryIo();
  const code = await runCommand(paths, { jobs: '1', report: opts.out !== undefined, ...opts }, io);
  return { code, out: io.stdout, err: io.stderr };
}

function jsonLines(stdout: string): JsonLine[] {
  expect(stdout.endsWith('\n')).to.equal(true);
  return stdout.slice(0, -1).split('\n').map((l) => JSON.parse(l) as JsonLine);
}

describe('natsim run', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempFolder>;
  before(() => {
    t = tempFolder({ 'pass.yaml': PASS_YAML, 'fail.yaml': FAIL_YAML, 'sweep.yaml': SWEEP_YAML, 'bad.yaml': BAD_KEY_YAML, 'unbuildable.yaml': UNBUILDABLE_YAML });
  });
  after(() => t.cleanup());

  describe('exit codes and text output', () => {
    it('exits 0 when every expectation holds, printing PASS and the summary', async () => {
      const r = await runIn([t.path('pass.yaml')]);
      expect(r.code).to.equal(0);
      expect(r.out).to.match(/^PASS cli-pass {2}1\/1 expectations {2}\(.*pass\.yaml, seed 1, 5\.000s virtual, \d+ events, trace [0-9a-f]{12}\)$/m);
      expect(r.out).to.include('1 run of 1 scenario file: all 1 passed; 1 of 1 expectations held');
    });

    it('exits 1 when one expectation fails, naming it with its detail', async () => {
      const r = await runIn([t.path('pass.yaml'), t.path('fail.yaml')]);
      expect(r.code).to.equal(1);
      expect(r.out).to.match(/^FAIL cli-fail {2}1\/2 expectations/m);
      expect(r.out).to.include('x  four echoes: 3 packets delivered at laptop to port 5000; expected exactly 4');
      expect(r.out).not.to.include('three echoes:'); // passing expectations are listed only with --verbose
      expect(r.out).to.include('2 runs of 2 scenario files: 1 of 2 failed; 2 of 3 expectations held');
    });

    it('exits 0 through runCli too, and 1 for a failing file', async () => {
      expect((await natsimInProcess('run', '--no-report', '--jobs', '1', t.path('pass.yaml'))).code).to.equal(0);
      const r = await natsimInProcess('run', '--no-report', '--jobs', '1', '--verbose', t.path('fail.yaml'));
      expect(r.code).to.equal(1);
      expect(r.out).to.include('ok three echoes: 3 packets delivered');
    });
  });

  describe('bad input: exit 2 and nothing run', () => {
    it('reports a misspelled key at file:line:column with a did-you-mean, and writes no report folder', async () => {
      const out = join(t.dir, 'reports-bad');
      const r = await natsimInProcess('run', '--out', out, t.path('pass.yaml'), t.path('bad.yaml'));
      expect(r.code).to.equal(2);
      const { line, column } = positionOf(BAD_KEY_YAML, 'filtring');
      expect(r.err).to.include(`${t.path('bad.yaml')}:${line}:${column}: topology.nats.home-nat.filtring: unknown key 'filtring'`);
      expect(r.err).to.match(/Did you mean 'filtering'\?/);
      expect(r.out).to.equal('');
      expect(existsSync(out), 'no report folder for a bad input').to.equal(false);
    });

    it('refuses a file that validates but cannot be built, before anything runs', async () => {
      const out = join(t.dir, 'reports-unbuildable');
      const r = await natsimInProcess('run', '--out', out, t.path('pass.yaml'), t.path('unbuildable.yaml'));
      expect(r.code).to.equal(2);
      const { line, column } = positionOf(UNBUILDABLE_YAML, '{ at: 1s');
      expect(r.err).to.include(`${t.path('unbuildable.yaml')}:${line}:${column}: timeline[0]`);
      expect(r.err).to.include('open one (no NAT)');
      expect(existsSync(out)).to.equal(false);
    });

    it('throws the ScenarioError itself from runCommand (the CLI maps it to 2)', async () => {
      let caught: unknown;
      try {
        await runIn([t.path('bad.yaml')]);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(ScenarioError);
      expect((caught as ScenarioError).issues.map((i) => i.path)).to.deep.equal(['topology.nats.home-nat.filtring']);
    });

    const badFlags: [string[], RegExp][] = [
      [['--jobs', '0'], /--jobs 0: expected a whole number from 1 to 256/],
      [['--seed', 'abc'], /--seed abc: expected a whole number from 0 to 4294967295/],
      [['--shard', '3/2'], /--shard 3\/2: expected i\/n with 1 <= i <= n/],
      [['--bogus'], /unknown option '--bogus'/],
    ];
    for (const [flags, message] of badFlags) {
      it(`exits 2 on ${flags.join(' ')}, saying what is valid`, async () => {
        const out = join(t.dir, 'reports-flag');
        const r = await natsimInProcess('run', '--out', out, ...flags, t.path('pass.yaml'));
        expect(r.code).to.equal(2);
        expect(r.err).to.match(message);
        expect(r.out).to.equal('');
        expect(existsSync(out)).to.equal(false);
      });
    }

    it('exits 2 for a path that does not exist', async () => {
      const r = await natsimInProcess('run', '--no-report', t.path('nope.yaml'));
      expect(r.code).to.equal(2);
      expect(r.err).to.include(`${t.path('nope.yaml')}: no such file or folder`);
    });
  });

  describe('--json', () => {
    it('prints exactly one JSON object per run per line, with the documented keys, and the summary on stderr', async () => {
      const r = await runIn([t.path('pass.yaml'), t.path('fail.yaml'), t.path('sweep.yaml')], { json: true });
      expect(r.code).to.equal(1);
      const lines = jsonLines(r.out);
      expect(lines.map((l) => l.scenario)).to.deep.equal([
        'cli-pass', 'cli-fail', 'cli-sweep-full-cone-1', 'cli-sweep-full-cone-2', 'cli-sweep-symmetric-1', 'cli-sweep-symmetric-2',
      ]);
      for (const l of lines) {
        expect(Object.keys(l)).to.deep.equal(LINE_KEYS);
        for (const e of l.expectations) expect(Object.keys(e)).to.deep.equal(['name', 'passed', 'detail']);
        expect(l.traceHash).to.match(/^[0-9a-f]{64}$/);
        expect(l.seed).to.equal(1);
        expect(l.events).to.be.greaterThan(10);
      }
      expect(lines[0]).to.deep.include({ file: t.path('pass.yaml'), passed: true, virtualTimeMs: 5000 });
      expect(lines[1].passed).to.equal(false);
      expect(lines[1].expectations).to.deep.equal([
        { name: 'three echoes', passed: true, detail: '3 packets delivered at laptop to port 5000; expected exactly 3' },
        { name: 'four echoes', passed: false, detail: '3 packets delivered at laptop to port 5000; expected exactly 4' },
      ]);
      expect(lines[5].expectations[0].detail).to.equal('2 packets delivered at laptop to port 5000; expected exactly 2');
      expect(lines.map((l) => (l as unknown as { params: unknown }).params)).to.deep.equal([
        {}, {}, { n: 1, preset: 'full-cone' }, { n: 2, preset: 'full-cone' }, { n: 1, preset: 'symmetric' }, { n: 2, preset: 'symmetric' },
      ]);
      expect(r.err).to.match(/^6 runs of 3 scenario files: 1 of 6 failed/);
    });

    it('--seed changes every run\'s seed and its trace; the same seed gives the same trace', async () => {
      const [one] = jsonLines((await runIn([t.path('pass.yaml')], { json: true })).out);
      const [seven] = jsonLines((await runIn([t.path('pass.yaml')], { json: true, seed: '7' })).out);
      const [again] = jsonLines((await runIn([t.path('pass.yaml')], { json: true, seed: '7' })).out);
      expect(seven.seed).to.equal(7);
      expect(seven.traceHash).not.to.equal(one.traceHash);
      expect(again).to.deep.equal(seven);
    });
  });

  describe('--out', () => {
    it('writes the five report files and the replay files, with the trace hash of trace.jsonl', async () => {
      const out = join(t.dir, 'reports-out');
      const r = await runIn([t.path('fail.yaml')], { json: true, out });
      expect(r.code).to.equal(1);
      const [line] = jsonLines(r.out);
      expect(readdirSync(out)).to.deep.equal(['cli-fail']);
      const dir = join(out, 'cli-fail');
      const names = Object.values(REPORT_FILES);
      expect(names).to.deep.equal(['summary.json', 'report.md', 'report.html', 'trace.jsonl', 'capture.pcapng']);
      expect(readdirSync(dir).sort()).to.deep.equal([...names, 'replay.json', 'scenario.yaml'].sort());
      const summary = JSON.parse(readFileSync(join(dir, REPORT_FILES.summary), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(summary).slice(0, LINE_KEYS.length)).to.deep.equal(LINE_KEYS);
      // summary.json adds each expectation's evidence; everything else is the --json line
      const { expectations, ...rest } = summary as { expectations: (JsonLine['expectations'][number] & { evidence: unknown[] })[] };
      expect(expectations.map(({ name, passed, detail }) => ({ name, passed, detail }))).to.deep.equal(line.expectations);
      expect(expectations[1].evidence).to.have.length(3);
      for (const k of LINE_KEYS.filter((x) => x !== 'expectations')) expect(rest[k as keyof typeof rest], k).to.deep.equal(line[k as keyof JsonLine]);
      const trace = readFileSync(join(dir, REPORT_FILES.trace));
      expect(createHash('sha256').update(trace).digest('hex')).to.equal(line.traceHash);
      expect(trace.toString().trimEnd().split('\n')).to.have.length(line.events);
      expect(readFileSync(join(dir, REPORT_FILES.capture)).readUInt32LE(0)).to.equal(0x0a0d0d0a); // pcapng Section Header Block
      expect(readFileSync(join(dir, REPORT_FILES.html), 'utf8')).to.match(/^<!DOCTYPE html>/i).and.include('cli-fail');
      expect(readFileSync(join(dir, REPORT_FILES.markdown), 'utf8')).to.match(/^# cli-fail/).and.include('four echoes');
      expect(readFileSync(join(dir, 'scenario.yaml'), 'utf8')).to.equal(FAIL_YAML);
    });

    it('writes byte-identical report folders for the same seed', async () => {
      const a = join(t.dir, 'same-a');
      const b = join(t.dir, 'same-b');
      await runIn([t.path('pass.yaml'), t.path('sweep.yaml')], { out: a, seed: '3' });
      await runIn([t.path('pass.yaml'), t.path('sweep.yaml')], { out: b, seed: '3' });
      const fa = filesOf(a);
      const fb = filesOf(b);
      expect([...fa.keys()].sort()).to.deep.equal([...fb.keys()].sort());
      expect(fa.size).to.be.greaterThan(5 * 7);
      for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name)!), name).to.equal(true);
      // ... and a different seed really changes them
      const c = join(t.dir, 'same-c');
      await runIn([t.path('pass.yaml')], { out: c, seed: '4' });
      expect(readFileSync(join(c, 'cli-pass', REPORT_FILES.trace)).equals(fa.get(join('cli-pass', REPORT_FILES.trace))!)).to.equal(false);
    });
  });

  describe('--jobs and --shard', () => {
    const files = () => [t.path('pass.yaml'), t.path('fail.yaml'), t.path('sweep.yaml')];

    it('prints the same results and trace hashes on 2 worker threads as on 1', async () => {
      const one = await runIn(files(), { json: true, jobs: '1' });
      const two = await runIn(files(), { json: true, jobs: '2' });
      expect(two.code).to.equal(one.code);
      expect(two.out).to.equal(one.out);
      expect(jsonLines(two.out)).to.have.length(6);
      expect(two.err).to.match(/took [\d.]+s on 2 threads/);
    });

    it('covers every run exactly once across --shard 1/2 and 2/2', async () => {
      const all = jsonLines((await runIn(files(), { json: true })).out).map((l) => JSON.stringify(l));
      const s1 = await runIn(files(), { json: true, shard: '1/2' });
      const s2 = await runIn(files(), { json: true, shard: '2/2' });
      const a = jsonLines(s1.out).map((l) => JSON.stringify(l));
      const b = jsonLines(s2.out).map((l) => JSON.stringify(l));
      expect(a.length + b.length).to.equal(all.length);
      expect([...a, ...b].sort()).to.deep.equal([...all].sort());
      expect(a.filter((x) => b.includes(x))).to.deep.equal([]);
      expect(s1.err).to.include('shard 1/2: 3 of 6 runs');
      expect(s2.err).to.include('shard 2/2: 3 of 6 runs');
      // exit codes follow the shard's own runs: the failing file is the second run, in shard 2
      expect([s1.code, s2.code]).to.deep.equal([0, 1]);
    });
  });
});
