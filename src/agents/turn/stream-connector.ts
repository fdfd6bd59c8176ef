/**
 * How the TURN client opens its connection to the server for transport 'tcp' or 'tls' (RFC 8656 §3.1): TCP through
 * HostEnv.connectTcp; TLS through HostEnv.connectTls where the host has real TLS (src/real, node:tls), else the
 * modelled TLS over connectTcp (src/agents/tls-model; simulated hosts; docs/turn-tcp-tls.md says what it is).
 */
import type { HostEnv } from '../../net/host-env';
import { connectModelledTls } from '../tls-model';
import { TurnClientUsageError } from './client-errors';
import type { StreamConnector } from './stream-socket';

/** The connector for `transport` on `env`. @throws TurnClientUsageError when the host has no TCP */
export function streamConnector(
  env: HostEnv,
  transport: 'tcp' | 'tls',
  tls: { servername?: string; rejectUnauthorized?: boolean; ca?: string } = {},
): StreamConnector {
  const tcp = env.connectTcp?.bind(env);
  if (transport === 'tls' && env.connectTls) {
    const connectTls = env.connectTls.bind(env);
    return (o) => connectTls({ ...o, ...tls });
  }
  if (!tcp) throw new TurnClientUsageError('TurnClientInit.transport', `'${transport}' needs TCP, and host ${env.name} has none (HostEnv.connectTcp)`);
  if (transport === 'tcp') return tcp;
  return (o) => connectModelledTls(tcp(o), { role: 'client', random: env.random, serverName: tls.servername });
}
