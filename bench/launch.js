#!/usr/bin/env node
'use strict';
/* global require, process, __dirname */
// `npm run bench`: runs the benchmarks against the compiled build (dist/), which is what users run (bin/natsim.js,
// the package's main). A missing or stale dist/ is rebuilt first (bin/build-stamp.js). The bench's own TypeScript
// files (bench/*.ts) are transpiled here with swc (as ts-node does for the tests), and their imports of `../src/...` are
// redirected to `../dist/...`, so every simulator module comes from dist/.
//
// ts-node is deliberately not loaded: it requires Node's `repl`, which loads the `domain` module, and `domain`
// wraps every EventEmitter.prototype.emit of the process (a socket's 'message' emit among them) — a cost no user
// of the compiled package pays.
//
// Usage: node --expose-gc bench/launch.js [bench/<script>.ts [args...]]   (default: bench/run.ts)
// A/B against another build: NATSIM_BENCH_DIST=<a saved copy of dist/> runs the same bench files against it.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const benchDir = __dirname + path.sep;
const srcPrefix = /require\("\.\.\/src\//g;

const otherDist = process.env.NATSIM_BENCH_DIST;
const distDir = otherDist ? path.resolve(otherDist) : path.join(root, 'dist');
const state = otherDist ? { fresh: true } : require('../bin/build-stamp').buildState(root);
if (!state.fresh) {
  process.stderr.write(`bench: ${state.reason}: building dist/ first (npm run build)\n`);
  execFileSync(process.execPath, [path.join(root, 'bin', 'build.js')], { cwd: root, stdio: 'inherit' });
}

const swc = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  if (!filename.startsWith(benchDir)) throw new Error(`bench: ${filename} is not a bench file; the simulator must come from dist/`);
  const out = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
  module._compile(out.replace(srcPrefix, `require(${JSON.stringify(distDir + '/').slice(0, -1)}`), filename);
};

const script = path.resolve(process.argv[2] ?? path.join(__dirname, 'run.ts'));
process.argv.splice(1, 2, script);
require(script);
