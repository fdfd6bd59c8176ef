'use strict';
// natsim's library entry point. Uses the compiled dist/ when `npm run build` has made it; otherwise runs the
// TypeScript sources through ts-node (transpile-only), so a clone or a git dependency works without a build step.
const fs = require('fs');
const path = require('path');

if (fs.existsSync(path.join(__dirname, 'dist', 'index.js'))) {
  module.exports = require('./dist/index.js');
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, 'tsconfig.json') });
  module.exports = require('./src/index.ts');
}
