/**
 * natsim's TLS model (docs/turn-tcp-tls.md): the TLS 1.3 record layer and handshake shapes, sizes and round trips,
 * with no cryptography. Used in the simulator only; src/real uses real TLS (node:tls).
 */
export * from './tls-records';
export * from './tls-handshake';
