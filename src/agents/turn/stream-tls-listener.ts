/**
 * TurnServerInit.tls in the simulator: a TLS listener with natsim's TLS model (src/agents/tls-model,
 * docs/turn-tcp-tls.md) on the listen address, serving TURN clients with transport 'tls' (RFC 8656 §3.1).
 */
import type { HostEnv } from '../../net/host-env';
import { ModelledTlsServer } from '../tls-model';
import { addressText } from './addresses';
import type { TurnServerConfig } from './server-config';
import type { TurnServerEventName } from './server-events';
import type { StreamLinks } from './stream-links';

/** Listens with modelled TLS on config.tlsPort; `done(err)` once listening or failed. */
export function listenModelledTls(
  env: HostEnv,
  streams: StreamLinks,
  config: TurnServerConfig,
  trace: (event: TurnServerEventName, data: Record<string, unknown>) => void,
  done: (err: Error | null) => void,
): void {
  const port = config.tlsPort!;
  if (env.connectTls) {
    return done(new Error(`TurnServer on ${env.name}: turnServer.tls is the simulator's modelled TLS; on a real network give a node:tls listener to acceptStreams (natsim serve turn --tls-listen)`));
  }
  if (!env.createTcpServer) return done(new Error(`TurnServer on ${env.name}: tls needs TCP, and the host has none (HostEnv.createTcpServer)`));
  const local = { address: config.listenAddress, port };
  const server = new ModelledTlsServer(env.createTcpServer(), env.random, (err) => trace('socket-error', { transport: 'tls', message: err.message }));
  const host = config.listenAddress === '0.0.0.0' ? undefined : config.listenAddress;
  streams.attach(server, 'tls', local, { port, host }, (err) => {
    if (!err) trace('listening', { address: addressText(local), transport: 'tls', tls: 'modelled' });
    done(err);
  });
}
