/**
 * The published package, as a user gets it: `npm pack` the build, install the tarball into a fresh project with the
 * latest TypeScript (7) and with TypeScript 5, compile the README's first library example under each documented
 * `module` setting with that project's own `tsc`, and run it with mocha on plain `node` (no ts-node: TypeScript 7
 * breaks it). Not part of `npm test` (it needs the npm registry and about a minute): `npm run test:package`, which
 * .ci/run runs. The packed tarball must hold compiled JavaScript and .d.ts only, so a consumer never type-checks
 * natsim's sources.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ensureFreshBuild } from '../support/fresh-build-hook';

const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The README's first TypeScript block under "Using natsim as a library" (a mocha test file). */
function readmeExample(): string {
  const md = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = md.slice(md.indexOf('## Using natsim as a library'));
  const block = /```ts\n([\s\S]*?)```/u.exec(section);
  if (!block) throw new Error('README: no ```ts block under "## Using natsim as a library"');
  return block[1];
}

/** The consumer set-ups the README documents: `module`, and the package type the example file is compiled as. */
const VARIANTS = [
  { module: 'nodenext', type: 'commonjs' },
  { module: 'nodenext', type: 'module' },
  { module: 'node16', type: 'module' }, // node16 cannot require() an ES module, and chai 6 is one
  { module: 'commonjs', type: 'commonjs' },
] as const;

/** TypeScript versions under test: the package the consumer's project installs, by npm alias. */
const TYPESCRIPTS = [
  { name: 'TypeScript 7 (latest)', alias: 'typescript', spec: 'typescript@7' },
  { name: 'TypeScript 5', alias: 'ts5', spec: 'ts5@npm:typescript@5' },
] as const;

function run(cmd: string, args: readonly string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the packed package in a fresh TypeScript project', function () {
  this.timeout(0); // npm install and tsc on a loaded machine; this check has no deadline of its own
  let work: string;
  let tarball: string;
  let consumer: string;

  before(() => {
    ensureFreshBuild();
    work = mkdtempSync(join(tmpdir(), 'natsim-package-'));
    const name = execFileSync(NPM, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    tarball = join(work, name);
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    const ours = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
    const same = ['mocha', 'chai', '@types/mocha', '@types/chai', '@types/node'].map((p) => `${p}@${ours[p]}`);
    const install = run(NPM, ['install', '--no-audit', '--no-fund', tarball, ...TYPESCRIPTS.map((t) => t.spec), ...same], consumer);
    if (install.status !== 0) throw new Error(`npm install in the consumer project failed:\n${install.out}`);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds compiled JavaScript and .d.ts, no TypeScript sources, and its entry points resolve to them', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//u, ''));
    expect(files).to.include.members(['dist/index.js', 'dist/index.d.ts', 'dist/embed/index.d.ts', 'dist/real/index.d.ts', 'dist/cli/main.js', 'bin/natsim.js']);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).to.deep.equal([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).to.deep.equal([]);
    const resolved = run(process.execPath, ['-e', "for (const e of ['natsim', 'natsim/embed', 'natsim/real']) console.log(require.resolve(e))"], consumer);
    expect(resolved.out.trim().split('\n').map((p) => p.slice(p.indexOf('node_modules/')))).to.deep.equal([
      'node_modules/natsim/dist/index.js', 'node_modules/natsim/dist/embed/index.js', 'node_modules/natsim/dist/real/index.js',
    ]);
    const version = run(join(consumer, 'node_modules', '.bin', 'natsim'), ['--version'], consumer);
    expect(version).to.deep.equal({ status: 0, out: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n` });
  });

  for (const ts of TYPESCRIPTS) {
    for (const v of VARIANTS) {
      it(`${ts.name}, module ${v.module}, ${v.type === 'module' ? 'an ES module' : 'CommonJS'}: the README example compiles with tsc and passes under node`, () => {
        const dir = join(consumer, `${ts.alias}-${v.module}-${v.type}`);
        mkdirSync(dir);
        writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: v.type })}\n`);
        writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { module: v.module, target: 'ES2022', strict: true, outDir: 'js', types: ['node', 'mocha'] } }, null, 2)}\n`);
        writeFileSync(join(dir, 'example.test.ts'), readmeExample());
        const tsc = run(process.execPath, [join(consumer, 'node_modules', ts.alias, 'bin', 'tsc'), '-p', dir], dir);
        expect(tsc.status, tsc.out).to.equal(0);
        const mocha = run(process.execPath, [join(consumer, 'node_modules', 'mocha', 'bin', 'mocha.js'), join('js', 'example.test.js')], dir);
        expect(mocha.status, mocha.out).to.equal(0);
        expect(mocha.out).to.match(/\b2 passing\b/u);
      });
    }
  }
});
