/**
 * Embedding: unmodified third-party UDP and TCP code (`require('dgram').createSocket`, `require('net')`) on simulated
 * hosts, with Node's timers on virtual time. See docs/third-party-code.md.
 */
export * from './embed-errors';
export * from './dgram-args';
export * from './embedded-udp-socket';
export * from './embedded-net';
export * from './net-args';
export * from './host-interfaces';
export * from './embedded-run';
