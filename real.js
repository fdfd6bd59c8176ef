'use strict';
// `natsim/real`: natsim's STUN/TURN servers and clients on real UDP sockets and the wall clock
// (docs/real-network.md). See lib-entry.js.
module.exports = require('./lib-entry')('real/index');
