/**
 * The browser bundle's boundary (issue 15): the playground bundles the simulation layers, the report viewer and
 * the browser-safe libraries, and nothing Node-only (files, worker threads, real sockets, the CLI, esbuild).
 */
import { expect } from 'chai';
import { bundlePlayground } from '../../src/playground/build-site';

/** src/ folders that may be in the bundle. */
const BROWSER_LAYERS = new Set(['sim', 'net', 'nat', 'protocols', 'agents', 'report', 'scenario', 'playground']);
/**
 * Node-only src/ files that must never be bundled, even though they sit in an allowed folder. (report.html's
 * writer, reachable through runScenario's report folder option, is bundled with esbuild replaced by the
 * node-only stub: the playground never writes files.)
 */
const NODE_ONLY_FILES = ['src/playground/build-site.ts', 'src/playground/serve-site.ts', 'src/cli/main.ts'];

describe('browser bundle boundary', function () {
  this.timeout(120000);
  let inputs: string[];
  before(() => {
    inputs = Object.keys(bundlePlayground().metafile.inputs);
  });

  it('holds only the browser-safe layers of src/', () => {
    const src = inputs.filter((f) => f.startsWith('src/'));
    expect(src.filter((f) => !BROWSER_LAYERS.has(f.split('/')[1]))).to.deep.equal([]);
    for (const layer of ['sim', 'net', 'nat', 'protocols', 'agents', 'scenario']) expect(src.some((f) => f.startsWith(`src/${layer}/`)), layer).to.equal(true);
    expect(src.filter((f) => NODE_ONLY_FILES.includes(f))).to.deep.equal([]);
  });

  it('replaces Node built-ins by the browser shims and packages, and leaves esbuild out', () => {
    const shims = inputs.filter((f) => f.startsWith('src/playground/shims/')).sort();
    expect(shims).to.deep.equal(['src/playground/shims/buffer-global.ts', 'src/playground/shims/crypto-browser.ts', 'src/playground/shims/node-files.ts', 'src/playground/shims/node-only.ts', 'src/playground/shims/string-decoder.ts']);
    const packages = new Set(inputs.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/').slice(1, f.split('/')[1].startsWith('@') ? 3 : 2).join('/')));
    expect(packages.has('esbuild')).to.equal(false);
    for (const p of ['@codemirror/view', 'buffer', 'events', '@noble/hashes', 'yaml', 'ajv']) expect(packages.has(p), p).to.equal(true);
    expect(inputs.filter((f) => /worker_threads|dgram|child_process/.test(f))).to.deep.equal([]);
  });
});
