/**
 * `npm run fuzz [-- --count N --seed S --budget-ms M]`: feeds N inputs (default 1,000,000) to natsim's STUN and
 * ChannelData codecs (fuzz/codec-targets.ts) and reports inputs/s. An input that crashes, breaks an invariant or
 * takes longer than the budget (best of 4 runs) is saved to test/fixtures/fuzz-corpus and the run exits 1.
 */
import { Rng } from '../src/sim/rng';
import { fuzzOne } from './codec-targets';
import { loadCorpus, saveToCorpus } from './corpus';
import { nextInput, seedMessages } from './inputs';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number >= 0`);
  return v;
}

/** Milliseconds fuzzOne takes on `input`. */
function timed(input: Uint8Array): number {
  const t0 = process.hrtime.bigint();
  fuzzOne(input);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function main(): number {
  const count = flag('count', 1_000_000);
  const seed = flag('seed', 1);
  const budgetMs = flag('budget-ms', 50);
  const random = new Rng(seed, 'fuzz');
  const corpus = loadCorpus();
  const pool = [...seedMessages(random), ...corpus.map((c) => c.bytes).filter((b) => b.length <= 2048)];
  for (const c of corpus) fuzzOne(c.bytes);
  let failures = 0;
  const started = process.hrtime.bigint();
  let lastReport = started;
  for (let i = 0; i < count; i++) {
    const input = nextInput(random, pool);
    const t0 = process.hrtime.bigint();
    let problem: string | undefined;
    try {
      fuzzOne(input);
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
    const t1 = process.hrtime.bigint();
    const ms = Number(t1 - t0) / 1e6;
    if (!problem && ms > budgetMs) {
      // A pause of the process (GC, a busy machine) is not the input's fault: only the best of 3 more runs counts.
      const best = Math.min(ms, ...[1, 2, 3].map(() => timed(input)));
      if (best > budgetMs) problem = `took ${best.toFixed(1)} ms, best of 4 (budget ${budgetMs} ms)`;
    }
    if (problem) {
      failures++;
      const file = saveToCorpus(`found-seed${seed}-input${i}`, input);
      process.stdout.write(`input ${i}: ${problem}; saved ${file}\n`);
    }
    if (t1 - lastReport > 5_000_000_000n) {
      lastReport = t1;
      const s = Number(t1 - started) / 1e9;
      process.stdout.write(`${i + 1} inputs, ${Math.round((i + 1) / s)} inputs/s\n`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    `fuzz: ${count} inputs (seed ${seed}, corpus ${corpus.length}) in ${seconds.toFixed(1)} s, ` +
      `${Math.round(count / seconds)} inputs/s, ${failures} failures\n`,
  );
  return failures > 0 ? 1 : 0;
}

process.exitCode = main();
