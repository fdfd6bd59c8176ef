/**
 * Start-up: the CLI loads only the command it runs, and bin/natsim.js runs the compiled dist/ only when it is the
 * build of today's src/ (bin/build-stamp.js), otherwise the sources.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildProgram, commandsFor } from '../../src/cli/program';
import { COMMANDS } from '../../src/cli/commands';
import { ROOT, SPAWN_TIMEOUT_MS } from '../support/compiled-cli';

interface BuildStamp {
  buildState(root: string): { fresh: boolean; reason?: string };
  fingerprint(root: string): unknown;
  writeStamp(root: string, stamp: unknown): void;
}
const stamp = require(join(ROOT, 'bin', 'build-stamp.js')) as BuildStamp;

const argv = (...args: string[]) => ['node', 'natsim', ...args];
const registered = (...args: string[]) => buildProgram(argv(...args)).commands.map((c) => c.name());

describe('natsim start-up: commands load lazily', () => {
  it('registers only the command being run, none for --version, all for help or an unknown command', () => {
    expect(registered('discover', '--preset', 'symmetric', '--json')).to.deep.equal(['discover']);
    expect(registered('run', '--jobs', '2', 'scenarios')).to.deep.equal(['run']);
    expect(registered('--version')).to.deep.equal([]);
    expect(registered('--help')).to.deep.equal(Object.keys(COMMANDS));
    expect(registered('help', 'run')).to.deep.equal(Object.keys(COMMANDS));
    expect(registered('discovr')).to.deep.equal(Object.keys(COMMANDS));
    expect(commandsFor()).to.deep.equal(Object.keys(COMMANDS));
  });

  it('the compiled `natsim discover` and `--version` load no scenario, matrix, report or real-network module', function () {
    this.timeout(SPAWN_TIMEOUT_MS);
    const loaded = (...args: string[]): string[] => {
      const script = `require(${JSON.stringify(join(ROOT, 'dist', 'cli', 'program.js'))}).buildProgram(${JSON.stringify(argv(...args))});
        console.log(JSON.stringify(Object.keys(require.cache).map((f) => f.slice(${JSON.stringify(ROOT.length + 1)}))));`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      return JSON.parse(r.stdout) as string[];
    };
    const heavy = (files: string[]) => files.filter((f) => /^dist\/(scenario|matrix|report|real)\/|node_modules\/(ajv|yaml|cli-progress)\//u.test(f));
    const discover = loaded('discover', '--preset', 'symmetric', '--json');
    expect(discover).to.include('dist/cli/commands/discover.js');
    expect(heavy(discover)).to.deep.equal(['dist/scenario/format/units.js']); // discover parses --timeout durations
    const version = loaded('--version');
    expect(version.filter((f) => f.startsWith('dist/cli/commands/') && f !== 'dist/cli/commands/index.js')).to.deep.equal([]);
    expect(heavy(version)).to.deep.equal([]);
    expect(heavy(loaded('run', 'scenarios'))).to.include('dist/scenario/format/loader.js'); // the check can see them
  });

  it('a lone command still parses its own options and arguments', () => {
    const program = buildProgram(argv('serve', 'stun', '--listen', '127.0.0.1:3478'));
    expect(program.commands.map((c) => c.name())).to.deep.equal(['serve']);
    expect(program.commands[0].commands.map((c) => c.name())).to.deep.equal(['stun', 'turn']);
  });
});

/** A scratch project: src/ with two files, the two tsconfig files, and dist/index.js. */
function scratchProject(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'natsim-stamp-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src', 'index.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), "process.stdout.write('from src\\n');\n");
  writeFileSync(join(root, 'dist', 'index.js'), '');
  writeFileSync(join(root, 'dist', 'cli', 'main.js'), "process.stdout.write('from dist\\n');\n");
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) copyFileSync(join(ROOT, f), join(root, f));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

describe('natsim start-up: the build stamp', () => {
  let p: ReturnType<typeof scratchProject>;
  beforeEach(() => {
    p = scratchProject();
    stamp.writeStamp(p.root, stamp.fingerprint(p.root));
  });
  afterEach(() => p.cleanup());

  it('is fresh right after the build, and still after a touch that changes no content', () => {
    expect(stamp.buildState(p.root)).to.deep.equal({ fresh: true });
    utimesSync(join(p.root, 'src', 'index.ts'), new Date(), new Date(Date.now() + 5000));
    expect(stamp.buildState(p.root)).to.deep.equal({ fresh: true });
  });

  it('is stale after an edit, an added or a deleted source, a tsconfig change, or without a stamp', () => {
    const stale = (change: () => void): boolean => {
      stamp.writeStamp(p.root, stamp.fingerprint(p.root));
      change();
      return stamp.buildState(p.root).fresh;
    };
    expect(stale(() => writeFileSync(join(p.root, 'src', 'index.ts'), 'export const a = 2;\n'))).to.equal(false);
    expect(stale(() => writeFileSync(join(p.root, 'src', 'extra.ts'), ''))).to.equal(false);
    expect(stale(() => unlinkSync(join(p.root, 'src', 'extra.ts')))).to.equal(false);
    expect(stale(() => writeFileSync(join(p.root, 'tsconfig.build.json'), '{}'))).to.equal(false);
    expect(stale(() => unlinkSync(join(p.root, 'dist', '.build-stamp.json')))).to.equal(false);
    expect(stamp.buildState(p.root).reason).to.match(/no build/);
  });

  it('an installed package (no src/) is fresh when dist/ is there', () => {
    rmSync(join(p.root, 'src'), { recursive: true });
    unlinkSync(join(p.root, 'dist', '.build-stamp.json'));
    expect(stamp.buildState(p.root)).to.deep.equal({ fresh: true });
    rmSync(join(p.root, 'dist'), { recursive: true });
    expect(stamp.buildState(p.root).fresh).to.equal(false);
  });

  it('bin/natsim.js runs dist/ when fresh and the sources (through ts-node) when stale', function () {
    this.timeout(SPAWN_TIMEOUT_MS);
    mkdirSync(join(p.root, 'bin'));
    for (const f of ['natsim.js', 'build-stamp.js', 'dev-register.js']) copyFileSync(join(ROOT, 'bin', f), join(p.root, 'bin', f));
    symlinkSync(join(ROOT, 'node_modules'), join(p.root, 'node_modules'));
    const run = () => spawnSync(process.execPath, [join(p.root, 'bin', 'natsim.js')], { cwd: p.root, encoding: 'utf8' });
    stamp.writeStamp(p.root, stamp.fingerprint(p.root));
    expect(run().stdout).to.equal('from dist\n');
    writeFileSync(join(p.root, 'src', 'cli', 'main.ts'), "const where: string = 'src, edited';\nprocess.stdout.write(`from ${where}\\n`);\n");
    const r = run();
    expect(r.stdout, r.stderr).to.equal('from src, edited\n');
  });
});
