'use strict';
// Shared by natsim's package entry points (index.js, embed.js): loads a module from the compiled dist/ when
// `npm run build` has made it, otherwise from the TypeScript sources through ts-node (transpile-only), so a clone
// or a git dependency works without a build step. Both entries always load from the same place, so classes such
// as World are the same objects whichever entry a user imports them from.
const fs = require('fs');
const path = require('path');

const built = fs.existsSync(path.join(__dirname, 'dist', 'index.js'));
if (!built) require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, 'tsconfig.json') });

/** Loads `natsim/<sub>` (e.g. 'index', 'embed/index'). */
module.exports = function load(sub) {
  return require(built ? `./dist/${sub}.js` : `./src/${sub}.ts`);
};
