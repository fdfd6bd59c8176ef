'use strict';
// `natsim/embed`: unmodified third-party UDP code inside a simulated world (docs/third-party-code.md). Separate
// from the main entry because it patches Node's modules while installed and needs sinon. See lib-entry.js.
module.exports = require('./lib-entry')('embed/index');
