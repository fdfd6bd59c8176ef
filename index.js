'use strict';
// natsim's library entry point: `require('natsim')` / `import ... from 'natsim'`. See lib-entry.js.
module.exports = require('./lib-entry')('index');
