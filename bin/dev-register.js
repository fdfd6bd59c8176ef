'use strict';
// Registers ts-node (options from tsconfig.json's "ts-node" section: transpile-only through swc) so the TypeScript
// sources can run without a build: used by bin/natsim.js, lib-entry.js and the worker threads of `natsim run` when
// dist/ is missing or stale. Development only: ts-node and @swc/core are devDependencies.
const path = require('path');

/** Registers ts-node once for root's tsconfig.json. */
function registerTsNode(root) {
  if (process[Symbol.for('ts-node.register.instance')]) return;
  require('ts-node').register({ project: path.join(root, 'tsconfig.json') });
}

module.exports = { registerTsNode };
