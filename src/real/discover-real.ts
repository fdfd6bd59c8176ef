/**
 * NAT behaviour discovery (RFC 5780 §4, src/agents/stun) from this machine against a real RFC 5780 server:
 * `natsim discover --server HOST:PORT`. The result is the same DiscoveryResult the simulated discover prints.
 */
import { lookup } from 'dns/promises';
import { isIP } from 'net';
import { discoverNat } from '../agents/stun/discovery';
import type { DiscoveryInit, DiscoveryResult } from '../agents/stun/discovery-types';
export { discoveryJson } from '../agents/stun/discovery-json';
export type { DiscoveryJson } from '../agents/stun/discovery-json';
import { parseHostPort } from './host-port';
import { AgentEventSink, RealHostEnv } from './real-host-env';
import { RealDiscoveryTimeoutError } from './real-errors';

/** Options of discoverReal. */
export interface DiscoverRealOptions extends DiscoveryInit {
  /** Give up after this long (wall clock), ms. @default 120000, or 3600000 with `lifetime` */
  timeoutMs?: number;
  /**
   * The machine's addresses, compared with the mapped address to tell whether a NAT is present.
   * @default every IPv4 address of the machine (machineIpv4Addresses)
   */
  localAddresses?: readonly string[];
  /** Agent events (transactions, notes). @default ignored */
  onEvent?: AgentEventSink;
}

/**
 * Runs discovery against `server` (`HOST:PORT`, port 3478 when left out; HOST may be a name) on real sockets.
 * @throws RealOptionError for a malformed server; rejects with RealDiscoveryTimeoutError
 */
export async function discoverReal(server: string, opts: DiscoverRealOptions = {}): Promise<DiscoveryResult> {
  const hp = parseHostPort(server, '--server', { defaultPort: 3478 });
  const address = isIP(hp.host) === 4 ? hp.host : (await lookup(hp.host, { family: 4 })).address;
  const env = new RealHostEnv({ name: 'discover', addresses: opts.localAddresses, onEvent: opts.onEvent });
  const timeoutMs = opts.timeoutMs ?? (opts.lifetime ? 3_600_000 : 120_000);
  return new Promise<DiscoveryResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      handle.cancel();
      env.closeAll();
      reject(new RealDiscoveryTimeoutError(server, timeoutMs));
    }, timeoutMs);
    const handle = discoverNat(env, { address, port: hp.port }, opts, (result) => {
      clearTimeout(timer);
      env.closeAll();
      resolve(result);
    });
  });
}
