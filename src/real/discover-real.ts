/**
 * NAT behaviour discovery (RFC 5780 §4, src/agents/stun) from this machine against a real RFC 5780 server:
 * `natsim discover --server HOST:PORT`. The result is the same DiscoveryResult the simulated discover prints.
 */
import { lookup } from 'dns/promises';
import { isIP } from 'net';
import { discoverNat, type DiscoveryHandle } from '../agents/stun/discovery';
import type { DiscoveryInit, DiscoveryResult } from '../agents/stun/discovery-types';
export { discoveryJson } from '../agents/stun/discovery-json';
export type { DiscoveryJson } from '../agents/stun/discovery-json';
import { parseHostPort } from './host-port';
import { AgentEventSink, machineIpv6Addresses, RealHostEnv } from './real-host-env';
import { RealOptionError } from './real-errors';

/** Options of discoverReal. */
export interface DiscoverRealOptions extends DiscoveryInit {
  /**
   * Wall-clock limit for the whole run, ms. When it is reached the run stops and resolves with the steps that
   * finished; the others are listed in the result's `unfinished`.
   * @default 120000, or 3600000 with `lifetime`
   */
  timeoutMs?: number;
  /**
   * The machine's addresses, compared with the mapped address to tell whether a NAT is present.
   * @default every address of the machine of the server's family (machineIpv4Addresses / machineIpv6Addresses)
   */
  localAddresses?: readonly string[];
  /** Agent events (transactions, notes). @default ignored */
  onEvent?: AgentEventSink;
}

/**
 * Runs discovery against `server` (`HOST:PORT` or `[IPv6]:PORT`, port 3478 when left out; HOST may be a name,
 * looked up as IPv4) on real sockets, udp6 for an IPv6 server.
 * Per-transaction timers (RFC 8489 §6.2.1 RTO, Rc, Rm) come from `opts.transaction`.
 * @throws RealOptionError for a malformed server or time limit; DiscoveryConfigError / StunClientUsageError for
 *   bad timers
 */
export async function discoverReal(server: string, opts: DiscoverRealOptions = {}): Promise<DiscoveryResult> {
  const hp = parseHostPort(server, '--server', { defaultPort: 3478 });
  const timeoutMs = opts.timeoutMs ?? (opts.lifetime ? 3_600_000 : 120_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RealOptionError('--timeout', `must be a positive duration, got ${timeoutMs} ms`);
  const address = isIP(hp.host) !== 0 ? hp.host : (await lookup(hp.host, { family: 4 })).address;
  const addresses = opts.localAddresses ?? (isIP(address) === 6 ? machineIpv6Addresses() : undefined);
  const env = new RealHostEnv({ name: 'discover', addresses, onEvent: opts.onEvent });
  return new Promise<DiscoveryResult>((resolve, reject) => {
    let handle: DiscoveryHandle | undefined;
    const timer = setTimeout(() => handle?.stop(`time limit of ${seconds(timeoutMs)} reached`), timeoutMs);
    const settle = (): void => {
      clearTimeout(timer);
      env.closeAll();
    };
    try {
      handle = discoverNat(env, { address, port: hp.port }, opts, (result) => {
        settle();
        resolve(result);
      });
    } catch (err) {
      settle();
      reject(err as Error);
    }
  });
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
