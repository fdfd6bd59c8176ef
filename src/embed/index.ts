/**
 * Embedding: unmodified third-party UDP code (anything that calls `require('dgram').createSocket`) on simulated
 * hosts, with Node's timers on virtual time. See docs/third-party-code.md.
 */
export * from './embed-errors';
export * from './dgram-args';
export * from './embedded-udp-socket';
export * from './host-interfaces';
export * from './embedded-run';
