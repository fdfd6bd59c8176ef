/**
 * `natsim merge`: the --out folders of `natsim run --shard i/n` runs combine into exactly what one unsharded run
 * writes (every file byte-identical, sweep tables with all their cells), with the same --json lines and exit code;
 * incomplete, duplicated, foreign or damaged shards are refused with exit 2 and a message that says what to give.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CliUsageError } from '../../src/cli/cli-errors';
import { memoryIo } from '../../src/cli/cli-io';
import { mergeCommand, MergeOptions } from '../../src/cli/merge-command';
import { runCommand, RunOptions } from '../../src/cli/run-command';
import { FAIL_YAML, filesOf, natsimInProcess, PASS_YAML, SWEEP_YAML, tempFolder } from './cli-fixtures';

/** A sweep whose cells share one name: reports nest as <name>/<cell>/ with the sweep files in <name>/. */
const SHARED_NAME_YAML = SWEEP_YAML.replace('name: cli-sweep-${preset}-${n}', 'name: cli-shared');

describe('natsim merge', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempFolder>;
  let inputs: string[];
  const run = async (opts: RunOptions) => {
    const io = memoryIo();
    const code = await runCommand(inputs, { jobs: '1', ...opts }, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const merge = (dirs: string[], opts: MergeOptions) => {
    const io = memoryIo();
    const code = mergeCommand(dirs, opts, io);
    return { code, out: io.stdout, err: io.stderr };
  };

  before(async () => {
    t = tempFolder({ 'pass.yaml': PASS_YAML, 'fail.yaml': FAIL_YAML, 'sweep.yaml': SWEEP_YAML, 'shared.yaml': SHARED_NAME_YAML });
    inputs = ['pass.yaml', 'sweep.yaml', 'fail.yaml', 'shared.yaml'].map((f) => t.path(f));
    await run({ out: t.path('whole'), json: true });
    for (const i of [1, 2, 3]) await run({ out: t.path(`s${i}`), shard: `${i}/3`, json: true });
  });
  after(() => t.cleanup());

  it('writes a shard manifest only for sharded runs, naming the shard', () => {
    expect(readdirSync(t.path('whole')).filter((n) => n.startsWith('natsim-shard'))).to.deep.equal([]);
    expect(readdirSync(t.path('s2')).filter((n) => n.startsWith('natsim-shard'))).to.deep.equal(['natsim-shard-2-of-3.json']);
  });

  it('rebuilds the unsharded report folder byte for byte, sweep tables included', () => {
    const r = merge([t.path('s3'), t.path('s1'), t.path('s2')], { out: t.path('merged') });
    const whole = filesOf(t.path('whole'));
    const merged = filesOf(t.path('merged'));
    expect([...merged.keys()].sort()).to.deep.equal([...whole.keys()].sort());
    for (const [k, v] of whole) expect(merged.get(k)!.equals(v), k).to.equal(true);
    // the shards' own sweep tables were partial: the merged one has all four cells
    const sweep = JSON.parse(readFileSync(t.path('merged/cli-shared/sweep.json'), 'utf8')) as { cells: unknown[] };
    expect(sweep.cells).to.have.length(4);
    const shardSweep = JSON.parse(readFileSync(t.path('s1/cli-shared/sweep.json'), 'utf8')) as { cells: unknown[] };
    expect(shardSweep.cells.length).to.be.lessThan(4);
    // one run failed (fail.yaml), as in the unsharded run
    expect(r.code).to.equal(1);
    expect(r.out).to.include('10 runs of 4 scenario files: 1 of 10 failed');
    expect(r.out).to.include('merged from 3 shards');
    expect(r.out).to.include('cli-shared (');
  });

  it('prints the same --json lines, in the same order, as the unsharded run', async () => {
    const whole = await run({ json: true, report: false });
    const r = merge([t.path('s1'), t.path('s2'), t.path('s3')], { out: t.path('merged-json'), json: true });
    expect(r.out).to.equal(whole.out);
    expect(r.out.trim().split('\n')).to.have.length(10);
  });

  it('merges shards that share one --out folder', async () => {
    for (const i of [1, 2]) await run({ out: t.path('together'), shard: `${i}/2`, json: true });
    const r = merge([t.path('together')], { out: t.path('merged-together') });
    expect(r.code).to.equal(1);
    const whole = filesOf(t.path('whole'));
    const merged = filesOf(t.path('merged-together'));
    expect([...merged.keys()].sort()).to.deep.equal([...whole.keys()].sort());
  });

  const refusals: [string, () => string[], RegExp][] = [
    ['a missing shard', () => [t.path('s1'), t.path('s3')], /shard 2\/3 missing: give the --out folders of all 3 shards/],
    ['a shard given twice', () => [t.path('s1'), t.path('s1'), t.path('s2'), t.path('s3')], /shard 1\/3 is given twice/],
    ['a folder with no manifest', () => [t.path('whole')], /no natsim-shard-<i>-of-<n>\.json in it/],
    ['a folder that does not exist', () => [t.path('nope')], /nope: no such folder/],
  ];
  for (const [story, dirs, message] of refusals) {
    it(`refuses ${story} with a CliUsageError saying what to give`, () => {
      expect(() => merge(dirs(), { out: t.path('refused') })).to.throw(CliUsageError, message);
    });
  }

  it('refuses shards of another run (another --seed)', async () => {
    await run({ out: t.path('other-seed'), shard: '2/3', seed: '99', json: true });
    expect(() => merge([t.path('s1'), t.path('other-seed'), t.path('s3')], { out: t.path('refused') }))
      .to.throw(CliUsageError, /of another run than .*different scenario files, file contents, --seed or shard count/);
  });

  it('refuses a damaged manifest and a missing report folder', () => {
    const broken = tempFolder({ 'natsim-shard-1-of-1.json': '{"format":"natsim-shard/1"' });
    try {
      expect(() => merge([broken.dir], { out: t.path('refused') })).to.throw(CliUsageError, /not a readable shard manifest/);
    } finally {
      broken.cleanup();
    }
    const manifest = readFileSync(t.path('s2/natsim-shard-2-of-3.json'), 'utf8');
    const { runs } = (JSON.parse(manifest) as { runs: { unit: { reportDir: string } }[] });
    rmSync(join(t.path('s2'), runs[0].unit.reportDir), { recursive: true });
    expect(() => merge([t.path('s1'), t.path('s2'), t.path('s3')], { out: t.path('refused') })).to.throw(CliUsageError, /report folder of .* is missing/);
    runs[0].unit.reportDir = '../escape';
    writeFileSync(t.path('s2/natsim-shard-2-of-3.json'), JSON.stringify({ ...JSON.parse(manifest), runs }));
    expect(() => merge([t.path('s2')], { out: t.path('refused') })).to.throw(CliUsageError, /expected a folder inside the shard's output/);
  });

  it('is wired into the CLI: exit 2 with the message on stderr for bad shards', async () => {
    const r = await natsimInProcess('merge', t.path('s1'), '--out', t.path('refused'));
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/shards? 2\/3, 3\/3 missing/);
  });
});
