/**
 * Exit code 70 ("internal error") is not reachable from any input file (issue 14): fast-check generates scenario
 * files, valid ones and mutations of the lessons (lines dropped, duplicated or cut, values swapped for hostile ones,
 * bytes inserted, long names), runs each through `natsim run` in this process (runCli) and checks that every run ends in 0, 1
 * or 2 with no stack trace. The budget is small in `npm test`; NATSIM_FUZZ_RUNS=5000 runs a long search.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { natsimInProcess, PASS_YAML, SWEEP_YAML, tempFolder } from '../cli/cli-fixtures';
import { routingLoopYaml } from '../cli/guards-fixtures';

const LESSONS = join(__dirname, '../../scenarios/lessons');

/** Valid scenario files to start from. */
const SEEDS: readonly string[] = [
  PASS_YAML, SWEEP_YAML, routingLoopYaml(3, '100ms', '2s'),
  ...readdirSync(LESSONS).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(LESSONS, f), 'utf8')),
];

/** Values a hostile or careless author might write anywhere. */
const HOSTILE_VALUES: readonly string[] = [
  '', '0', '-1', '1e400', '99999999999999999999', '0.0000001', 'NaN', 'null', '~', 'true', '[]', '{}', '[', '{', '"',
  '*nope', '&a x', '!!binary AAAA', '${x}', '${}', '0s', '1us', '720h', '721h', '99999h', '24000000000000h', '1000000', '65536',
  '255.255.255.255', '0.0.0.0', '0.0.0.0/0', '224.0.0.1', '1.2.3.4/33', '-', 'default', 'x'.repeat(300),
  '"\u001b[2J\u0007"', '"\u0000"', '"a\nb"', '<<: *a', '? complex', '|', '>', '%YAML 1.1', '---', '...',
];

/** One mutation of a file's lines. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.constantFrom(...HOSTILE_VALUES) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Applies a mutation to a file's text (positions taken modulo its size). */
function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % lines.length;
  switch (m.kind) {
    case 'drop': return lines.filter((_, k) => k !== i).join('\n');
    case 'duplicate': return [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
    case 'truncate': return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const p = m.at % (text.length + 1);
      return text.slice(0, p) + m.text + text.slice(p);
    }
    case 'rename': // the scenario name becomes a report folder name
      return text.replace(/^name: .*$/mu, `name: ${'n'.repeat(m.length + 1)}`);
    case 'swap': {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 'value': {
      // Replace what follows the first `key:` on the line (or the whole line when it has none).
      const colon = lines[i].indexOf(': ');
      lines[i] = colon >= 0 ? `${lines[i].slice(0, colon + 2)}${m.value}` : m.value;
      return lines.join('\n');
    }
  }
}

const runs = Number(process.env.NATSIM_FUZZ_RUNS ?? 30);

describe('no input file reaches exit code 70', function () {
  this.timeout(Math.max(120_000, runs * 2_000));
  let t: ReturnType<typeof tempFolder>;
  before(() => {
    t = tempFolder();
  });
  after(() => t.cleanup());

  it(`natsim run ends every generated file in 0, 1 or 2 without a stack trace (${runs} files)`, async () => {
    let n = 0;
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { maxLength: 3 }), async (seed, muts) => {
        const text = muts.reduce(mutate, SEEDS[seed]);
        const file = join(t.dir, `gen-${n++}.yaml`);
        writeFileSync(file, text);
        const r = await natsimInProcess('run', file, '--out', join(t.dir, 'reports'), '--jobs', '1', '--max-wall', '20', '--max-events', '2000000');
        seen.set(r.code, (seen.get(r.code) ?? 0) + 1);
        expect([0, 1, 2], `exit code of:\n${text}\n${r.err}`).to.include(r.code);
        expect(`${r.out}${r.err}`, text).not.to.match(/internal error|\n\s+at .*\.(?:ts|js):\d+/u);
      }),
      { numRuns: runs, seed: process.env.NATSIM_FUZZ_SEED ? Number(process.env.NATSIM_FUZZ_SEED) : 14 },
    );
    // The generator reaches both sides: files that run and files that are refused.
    expect(seen.get(2) ?? 0, 'refused files').to.be.above(0);
    expect((seen.get(0) ?? 0) + (seen.get(1) ?? 0), 'files that ran').to.be.above(0);
  });
});
