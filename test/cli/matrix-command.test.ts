/**
 * `natsim matrix`: the table on stdout, matrix.md and matrix.json in --out, one JSON object with --json, --check
 * against the expected table, and exit 2 with a message saying what is valid for bad flags. Small tables only
 * (2 x 2, 3 x 3): the full 7 x 7 is test/matrix's job.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import sinon from 'sinon';
import { checkMatrix, matrixCommand, matrixPlan, type MatrixOptions } from '../../src/cli/commands/matrix';
import { CliUsageError } from '../../src/cli/cli-errors';
import { memoryIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/program';
import { NATSIM_BIN, SPAWN_TIMEOUT_MS } from '../support/compiled-cli';
import { BEHAVIOR_NATS, MATRIX_NATS, runCell, type MatrixResult } from '../../src/matrix';
import { natsimInProcess } from './cli-fixtures';

const ROOT = path.join(__dirname, '..', '..');
const CELL_KEYS = ['a', 'b', 'outcome', 'localType', 'remoteType', 'connectMs', 'checks'];

describe('natsim matrix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'natsim-matrix-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly one JSON object with --json and writes the same JSON to matrix.json, plus matrix.md', () => {
    const io = memoryIo();
    const code = matrixCommand({ nats: 'open,symmetric', json: true, out: dir }, io);
    expect(code).to.equal(0);
    expect(io.stdout.endsWith('\n')).to.equal(true);
    expect(io.stdout.trim().split('\n')).to.have.length(1);
    expect(io.stderr).to.equal('');
    const j = JSON.parse(io.stdout);
    expect(Object.keys(j)).to.deep.equal(['nats', 'turn', 'cells']);
    expect(j.nats).to.deep.equal(['open', 'symmetric']);
    expect(j.cells.map((c: { a: string; b: string }) => `${c.a}|${c.b}`)).to.deep.equal(['open|open', 'open|symmetric', 'symmetric|open', 'symmetric|symmetric']);
    for (const c of j.cells) expect(Object.keys(c)).to.deep.equal(CELL_KEYS);
    expect(j.cells[1]).to.include({ outcome: 'direct', localType: 'host', remoteType: 'prflx' });
    expect(j.cells[3]).to.include({ outcome: 'relay' });
    expect(readFileSync(path.join(dir, 'matrix.json'), 'utf8')).to.equal(io.stdout);
    expect(readFileSync(path.join(dir, 'matrix.md'), 'utf8')).to.match(/^# Connectivity matrix \(with TURN\)/).and.match(/\| \*\*SYMM\*\* \| direct prflx\/host/);
  });

  it('prints the table without TURN, says why each failed cell failed and where the files went', () => {
    const io = memoryIo();
    const code = matrixCommand({ nats: 'full-cone, symmetric ,port-restricted-cone', turn: false, out: dir }, io);
    expect(code).to.equal(0);
    expect(io.stdout).to.match(/^natsim matrix: 3 x 3 NAT kinds, TURN off, seed 1/);
    expect(io.stdout).to.match(/^a\\b +\| CONE +\| SYMM +\| PORT$/m);
    expect(io.stdout).to.match(/^SYMM +\| direct prflx\/srflx +\| failed +\| failed$/m);
    expect(io.stdout).to.match(/9 cells: 6 direct, 0 relay, 3 failed \(TURN off\)/);
    expect(io.stdout).to.match(/symmetric vs port-restricted-cone: no candidate pair succeeded.*no relayed candidate on either side/);
    expect(io.stdout).to.include(`wrote ${path.join(dir, 'matrix.md')} and ${path.join(dir, 'matrix.json')}`);
    expect(io.stdout.includes('\u001b[')).to.equal(false);
    const j = JSON.parse(readFileSync(path.join(dir, 'matrix.json'), 'utf8'));
    expect(j.turn).to.equal(false);
    expect(j.cells.find((c: { reason?: string }) => c.reason !== undefined)).to.include({ outcome: 'failed', connectMs: null });
  });

  it('colours outcomes only when colours are on (direct green, relay yellow)', () => {
    const io = memoryIo({ colour: true });
    matrixCommand({ nats: 'open,symmetric', out: dir }, io);
    expect(io.stdout).to.include('\u001b[32mdirect\u001b[0m host/host');
    expect(io.stdout).to.include('\u001b[33mrelay\u001b[0m prflx/relay');
  });

  it('draws a progress bar on a terminal (stderr), never on stdout', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 80 }) as unknown as NodeJS.WriteStream;
    let drawn = '';
    (stream as unknown as PassThrough).on('data', (b: Buffer) => (drawn += b.toString()));
    const io = Object.assign(memoryIo({ tty: true }), { progressStream: stream });
    matrixCommand({ nats: 'open,full-cone', json: true, out: dir }, io);
    expect(drawn).to.match(/matrix .* \d\/4 cells/);
    expect(JSON.parse(io.stdout).cells).to.have.length(4);
  });

  it('--check: exit 0 when every cell matches the expected table, and says so', () => {
    const io = memoryIo();
    expect(matrixCommand({ nats: 'eim-apdf,apdm-eif', turn: false, check: true, out: dir }, io)).to.equal(0);
    expect(io.stdout).to.match(/check: every cell matches the expected table\n/);
  });

  it('--check: lists cells that differ and cells without an expected outcome (named vs behaviour kinds)', () => {
    const cell = (a: string, b: string, outcome: 'direct' | 'relay' | 'failed') => ({ a, b, outcome, localType: null, remoteType: null, connectMs: null, checks: 0 });
    const r: MatrixResult = {
      nats: ['port-restricted-cone', 'symmetric', 'apdm-apdf'],
      turn: true,
      cells: [cell('port-restricted-cone', 'symmetric', 'direct'), cell('symmetric', 'symmetric', 'relay'), cell('symmetric', 'apdm-apdf', 'relay'), cell('apdm-apdf', 'apdm-apdf', 'failed')],
    };
    expect(checkMatrix(r)).to.deep.equal({
      deviations: ['port-restricted-cone vs symmetric: direct, expected relay', 'apdm-apdf vs apdm-apdf: failed, expected relay'],
      unchecked: 1,
    });
  });

  it('--behaviors is the 9 x 9 table; the default is the 7 named kinds with TURN, seed 1, reports/matrix', () => {
    expect(matrixPlan({ behaviors: true }).nats).to.deep.equal(BEHAVIOR_NATS);
    expect(matrixPlan({})).to.deep.equal({ nats: [...MATRIX_NATS], limits: {}, turn: true, out: 'reports/matrix', seed: 1 });
    expect(matrixPlan({ maxEvents: '0', maxWall: '5', maxMemoryMb: '2' }).limits).to.deep.equal({ maxEvents: Infinity, maxWallMs: 5000, maxMemoryBytes: 2 * 1024 * 1024 });
    expect(matrixPlan({ turn: false, seed: '42', out: 'x' })).to.deep.include({ turn: false, seed: 42, out: 'x' });
  });

  const bad: [string, MatrixOptions, RegExp][] = [
    ['an unknown NAT kind', { nats: 'open,cone' }, /--nats: unknown NAT 'cone'; valid: open, full-cone,.*cone-behind-symmetric, eim-eif,.*apdm-apdf/],
    ['an empty name in --nats', { nats: 'open,,symmetric' }, /--nats 'open,,symmetric' has an empty name; .*e\.g\. --nats open,symmetric/],
    ['a kind listed twice', { nats: 'open,symmetric,open' }, /--nats lists 'open' twice/],
    ['--nats with --behaviors', { nats: 'open', behaviors: true }, /either --nats or --behaviors, not both/],
    ['a seed that is not a whole number', { seed: '1.5' }, /--seed '1\.5' is not valid; valid: a whole number from 0 to 4294967295/],
    ['a seed out of range', { seed: '4294967296' }, /--seed '4294967296'/],
  ];
  for (const [story, opts, message] of bad) {
    it(`refuses ${story} with a CliUsageError saying what is valid`, () => {
      expect(() => matrixPlan(opts)).to.throw(CliUsageError, message);
    });
  }

  it('refuses an --out that cannot be a folder before running any cell', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const io = memoryIo();
    expect(() => matrixCommand({ nats: 'open', out: path.join(file, 'sub') }, io)).to.throw(CliUsageError, /--out '.*a-file\/sub' cannot be used as a folder/);
    expect(io.stdout).to.equal('');
  });

  it('is wired into the CLI: bad flags exit 2 with the message on stderr', async () => {
    const before = process.exitCode;
    const err = sinon.stub(process.stderr, 'write').returns(true);
    let codes: number[];
    try {
      codes = [await runCli(['node', 'natsim', 'matrix', '--nats', 'open,nat44']), await runCli(['node', 'natsim', 'matrix', '--turn-off'])];
    } finally {
      err.restore();
      process.exitCode = before;
    }
    expect(codes).to.deep.equal([2, 2]);
    const text = err.args.map((a) => String(a[0])).join('');
    expect(text).to.match(/--nats: unknown NAT 'nat44'; valid: open,/);
    expect(text).to.match(/unknown option '--turn-off'/);
  });

  describe('run budgets per cell (--max-events, --max-wall, --max-memory-mb)', () => {
    it('--max-events stops a runaway cell: failed, says which budget and why, stopped in matrix.json, exit 1', async () => {
      const r = await natsimInProcess('matrix', '--nats', 'open', '--max-events', '50', '--out', dir);
      expect(r.code).to.equal(1);
      expect(r.out).to.match(/^OPEN +\| failed$/mu);
      expect(r.out).to.include('open vs open: stopped by a run budget: event guard: more than 50 events');
      expect(r.out).to.include('1 cell was stopped by a run budget (--max-events, --max-wall, --max-memory-mb): their outcome is unknown');
      const cell = JSON.parse(readFileSync(path.join(dir, 'matrix.json'), 'utf8')).cells[0];
      expect(cell).to.include({ outcome: 'failed' });
      expect(cell.stopped).to.match(/^event guard: more than 50 events/u);
    });

    it('--max-wall stops a cell whose (injected) wall clock passes it, without a second explaining run', () => {
      let t = 0;
      let reads = 0;
      const clock = () => ((reads++), (t += 10_000)); // 10 s per reading
      const c = runCell('symmetric', 'symmetric', { limits: { maxWallMs: 5_000, clock, clockEvery: 16 } });
      expect(c.outcome).to.equal('failed');
      expect(c.stopped).to.match(/^wall-clock budget: the run took more than 5 s of real time .*raise --max-wall.* after 16 events\)$/u);
      expect(c.reason).to.equal(`stopped by a run budget: ${c.stopped}`);
      expect(reads).to.equal(2); // the start and the first check: one run only
    });

    it('does not change a cell within its budgets', () => {
      const plain = runCell('symmetric', 'port-restricted-cone');
      expect(runCell('symmetric', 'port-restricted-cone', { limits: { maxEvents: 1_000_000, maxWallMs: 600_000, maxMemoryBytes: 0, clock: () => 0 } })).to.deep.equal(plain);
    });

    it('refuses bad budget values with exit 2, like natsim run', async () => {
      const r = await natsimInProcess('matrix', '--nats', 'open', '--max-wall', 'soon', '--out', dir);
      expect(r.code).to.equal(2);
      expect(r.err).to.include('--max-wall soon: expected a whole number');
    });
  });

  it('runs from bin/natsim.js: stdout is exactly one JSON object of the documented shape, files in --out', function () {
    this.timeout(SPAWN_TIMEOUT_MS);
    const r = spawnSync(process.execPath, [NATSIM_BIN, 'matrix', '--nats', 'open,symmetric', '--json', '--out', dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    expect(r.stdout.split('\n')).to.deep.equal([r.stdout.trim(), '']);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).to.deep.equal(['nats', 'turn', 'cells']);
    expect(j.cells).to.have.length(4);
    for (const c of j.cells) {
      expect(Object.keys(c)).to.deep.equal(CELL_KEYS);
      expect(['direct', 'relay', 'failed']).to.include(c.outcome);
      expect(c.connectMs).to.be.a('number');
      expect(c.checks).to.be.a('number');
    }
    expect(readFileSync(path.join(dir, 'matrix.json'), 'utf8')).to.equal(r.stdout);
    expect(existsSync(path.join(dir, 'matrix.md'))).to.equal(true);
  });
});
