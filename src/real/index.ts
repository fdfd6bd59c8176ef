/**
 * The real-network adapter: HostEnv on real UDP sockets, the wall clock and crypto randomness, and the services
 * and clients of `natsim serve` and `natsim discover --server`. See docs/real-network.md.
 */
export * from './real-errors';
export * from './real-udp-socket';
export * from './real-tcp';
export * from './wall-clock-timers';
export * from './crypto-random';
export * from './real-host-env';
export * from './host-port';
export * from './server-log';
export * from './stun-service';
export * from './turn-service';
export * from './discover-real';
