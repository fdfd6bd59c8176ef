#!/usr/bin/env node
'use strict';
// The natsim CLI. Runs the compiled dist/ when it is the build of today's src/ (bin/build-stamp.js; always so in an
// installed package). In a clone whose build is missing or older than src/, runs the TypeScript sources through
// ts-node (swc, transpile-only) instead, so what runs is never out of date; `npm run build` makes it fast again.
const path = require('path');

const root = path.join(__dirname, '..');
const state = require('./build-stamp').buildState(root);
if (state.fresh) {
  require('../dist/cli/main.js');
} else {
  if (process.stderr.isTTY) process.stderr.write(`natsim: ${state.reason}: running the sources through ts-node (slower start; \`npm run build\` fixes that)\n`);
  require('./dev-register').registerTsNode(root);
  require('../src/cli/main.ts');
}
