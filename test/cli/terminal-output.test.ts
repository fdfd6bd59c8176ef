/**
 * What `natsim run` looks like on a terminal and off it: colours only when wanted (NO_COLOR wins, even over
 * FORCE_COLOR; https://no-color.org), a progress bar only on a TTY, plain lines otherwise. One spawn of the real
 * binary checks the exit code and the bytes a CI log would get.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { join } from 'path';
import { PassThrough } from 'stream';
import { memoryIo, processIo } from '../../src/cli/cli-io';
import { useColour } from '../../src/cli/output';
import { NATSIM_BIN, SPAWN_TIMEOUT_MS } from '../support/compiled-cli';
import { runCommand } from '../../src/cli/run-command';
import { FAIL_YAML, PASS_YAML, SWEEP_YAML, tempFolder } from './cli-fixtures';

const ESC = '\u001b[';
const ROOT = join(__dirname, '..', '..');

/** Runs `fn` with environment variables set (undefined removes one), then restores them. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

/** A stream that claims to be a terminal and keeps what is written to it. */
function fakeTty(): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough();
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  return Object.assign(s, { isTTY: true, columns: 100, rows: 30, text: () => chunks.join('') }) as unknown as NodeJS.WriteStream & { text: () => string };
}

/** Output without the closing "took N s" line, which carries wall-clock time. */
const withoutTiming = (s: string) => s.replace(/took [\d.]+s on \d+ threads?\n/, '');

describe('natsim run on a terminal and off it', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempFolder>;
  before(() => {
    t = tempFolder({ 'pass.yaml': PASS_YAML, 'fail.yaml': FAIL_YAML, 'sweep.yaml': SWEEP_YAML });
  });
  after(() => t.cleanup());

  it('NO_COLOR turns colours off, even with FORCE_COLOR; an empty NO_COLOR does not', () => {
    const tty = fakeTty();
    expect(withEnv({ NO_COLOR: undefined, FORCE_COLOR: undefined }, () => useColour(tty))).to.equal(true);
    expect(withEnv({ NO_COLOR: '1', FORCE_COLOR: undefined }, () => useColour(tty))).to.equal(false);
    expect(withEnv({ NO_COLOR: '1', FORCE_COLOR: '1' }, () => useColour(tty))).to.equal(false);
    expect(withEnv({ NO_COLOR: '', FORCE_COLOR: '1' }, () => useColour(new PassThrough() as unknown as NodeJS.WriteStream))).to.equal(true);
    expect(withEnv({ NO_COLOR: undefined, FORCE_COLOR: undefined }, () => useColour(new PassThrough() as unknown as NodeJS.WriteStream))).to.equal(false);
    expect(withEnv({ NO_COLOR: '1' }, () => processIo().colour)).to.equal(false);
  });

  it('paints PASS/FAIL only when colours are on', async () => {
    const plain = memoryIo({ colour: false });
    await runCommand([t.path('pass.yaml'), t.path('fail.yaml')], { report: false, jobs: '1' }, plain);
    expect(plain.stdout + plain.stderr).not.to.include(ESC);
    const coloured = memoryIo({ colour: true });
    await runCommand([t.path('pass.yaml'), t.path('fail.yaml')], { report: false, jobs: '1' }, coloured);
    expect(coloured.stdout).to.include(`${ESC}32mPASS${ESC}0m`).and.include(`${ESC}31mFAIL${ESC}0m`);
  });

  it('draws no progress bar when not a TTY, and the same plain lines as with a bar on a TTY', async () => {
    const paths = [t.path('pass.yaml'), t.path('sweep.yaml')];
    const stream = fakeTty();
    const off = Object.assign(memoryIo({ tty: false }), { progressStream: stream });
    await runCommand(paths, { report: false, jobs: '1' }, off);
    expect(stream.text()).to.equal('');
    const lines = off.stdout.split('\n');
    expect(lines.filter((l) => /^PASS /.test(l))).to.have.length(5);
    expect(off.stdout).not.to.match(/running|\r/);

    const barStream = fakeTty();
    const on = Object.assign(memoryIo({ tty: true }), { progressStream: barStream });
    await runCommand(paths, { report: false, jobs: '1' }, on);
    expect(barStream.text()).to.include('running').and.include('5/5 runs');
    expect(withoutTiming(on.stdout)).to.equal(withoutTiming(off.stdout));
  });

  it('the real binary: exit code 1, plain uncoloured lines and no bar on pipes, even with FORCE_COLOR', function () {
    this.timeout(SPAWN_TIMEOUT_MS);
    const r = spawnSync(process.execPath, [NATSIM_BIN, 'run', '--no-report', '--jobs', '1', t.path('pass.yaml'), t.path('fail.yaml')], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '1' },
    });
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stdout).to.match(/^PASS cli-pass /m).and.match(/^FAIL cli-fail /m);
    expect(r.stdout).to.include('2 runs of 2 scenario files: 1 of 2 failed');
    expect(r.stdout + r.stderr).not.to.include(ESC);
    expect(r.stderr).to.equal('');
  });
});
