/** The simulated TCP stack (RFC 9293) and its Node-net-shaped sockets. See docs/tcp.md. */
export * from './seq';
export * from './tcp-config';
export * from './tcp-state';
export * from './tcp-errors';
export * from './tcp-wire';
export * from './tcp-connection';
export * from './tcp-stack';
export * from './sim-tcp-socket';
export * from './sim-tcp-server';
