/** natsim's TLS model on TCP sockets (simulator only; docs/turn-tcp-tls.md). */
export * from './modelled-tls-socket';
export * from './modelled-tls-server';
