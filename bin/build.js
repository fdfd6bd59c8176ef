#!/usr/bin/env node
'use strict';
// `npm run build` (and `prepare`, so `npm ci` leaves a ready build): compiles src/ to dist/ (JavaScript and .d.ts)
// with tsc, generates the scenario validator's standalone code and the report viewer's bundle, then writes dist/.build-stamp.json, the fingerprint of the sources it compiled (bin/build-stamp.js).
// dist/ is emptied first, so no file of a deleted source survives; a failed build leaves no stamp, so bin/natsim.js
// then runs the sources instead.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { fingerprint, writeStamp } = require('./build-stamp');

const root = path.join(__dirname, '..');
const before = fingerprint(root);
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  process.stderr.write(`natsim build: tsc failed (exit ${tsc.status ?? tsc.signal}); dist/ has no build stamp, so bin/natsim.js runs the sources\n`);
  process.exit(tsc.status || 1);
}
// The scenario validator as ajv standalone code (src/scenario/format/strict-validator.ts), so no run compiles it.
const validator = require(path.join(root, 'dist', 'scenario', 'format', 'strict-validator.js'));
fs.writeFileSync(path.join(root, 'dist', 'scenario', 'format', validator.STANDALONE_FILE), validator.strictValidatorCode());
// The interactive report's viewer, bundled once here (src/report/html/viewer-bundle.ts), so no run or worker thread
// starts esbuild to write a report.html.
const viewer = require(path.join(root, 'dist', 'report', 'html', 'viewer-bundle.js'));
fs.writeFileSync(path.join(root, 'dist', 'report', 'html', 'viewer', viewer.VIEWER_BUNDLE_FILE), viewer.viewerScript());
writeStamp(root, before);
