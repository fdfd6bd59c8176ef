/**
 * `natsim serve turn`'s addresses from the command line: `--listen` (repeatable, IPv4 `IP:PORT` or `[IPv6]:PORT`),
 * `--relay` (repeatable, at most one per family, RFC 8656 §7.1) and the older `--relay-ip`, checked with errors that
 * say what is valid.
 */
import { isIP } from 'net';
import { parseHostPort, parseIpLiteral, type HostPort } from './host-port';
import { machineIpv4Addresses, machineIpv6Addresses } from './real-host-env';
import { RealOptionError } from './real-errors';

/** The listen and relay addresses a TURN service runs with. */
export interface TurnAddresses {
  /** The primary listen address. */
  readonly listen: HostPort;
  /** The other listen addresses (TurnServerInit.additionalListen). */
  readonly more: readonly { readonly address: string; readonly port: number }[];
  /** Relay addresses, at most one per family. */
  readonly relays: readonly string[];
}

/**
 * Parses `listen`, `relays` and `relayIp`; the relays default to `relayIp`, else the first listen address of each
 * family.
 * @throws RealOptionError for a malformed address, a repeated listen address, or two relays of one family
 */
export function parseTurnAddresses(init: {
  readonly listen: string | readonly string[];
  readonly relays?: readonly string[];
  readonly relayIp?: string;
}): TurnAddresses {
  const texts = typeof init.listen === 'string' ? [init.listen] : [...init.listen];
  if (texts.length === 0) throw new RealOptionError('--listen', 'give at least one listen address, like 127.0.0.1:3478 or [::1]:3478');
  const all = texts.map((t) => parseHostPort(t, '--listen', { ipOnly: true }));
  all.forEach((l, i) => {
    if (all.findIndex((o) => o.host === l.host && o.port === l.port) !== i) {
      throw new RealOptionError('--listen', `${formatEndpoint(l.host, l.port)} is given twice`);
    }
  });
  const [listen, ...rest] = all;
  const relays = relayList(init, all);
  const seen = new Map<number, string>();
  for (const r of relays) {
    const f = isIP(r);
    const prior = seen.get(f);
    if (prior !== undefined && prior !== r) {
      throw new RealOptionError('--relay', `two IPv${f} relay addresses (${prior}, ${r}); give at most one per family (one IPv4, one IPv6)`);
    }
    seen.set(f, r);
  }
  return { listen, more: rest.map((l) => ({ address: l.host, port: l.port })), relays: [...new Set(relays)] };
}

function relayList(init: { readonly relays?: readonly string[]; readonly relayIp?: string }, listen: readonly HostPort[]): string[] {
  if (init.relays !== undefined && init.relays.length > 0) {
    if (init.relayIp !== undefined) throw new RealOptionError('--relay-ip', 'give --relay (repeatable) or --relay-ip, not both');
    return init.relays.map((r) => parseIpLiteral(r, '--relay'));
  }
  if (init.relayIp !== undefined) return [parseIpLiteral(init.relayIp, '--relay-ip')];
  const out: string[] = [];
  for (const l of listen) if (!out.some((o) => isIP(o) === isIP(l.host))) out.push(l.host);
  return out;
}

/** Listening on a wildcard makes every address of the machine of that family the server's own (refused as peers). */
export function wildcardOwn(listenHosts: readonly string[]): string[] {
  return [
    ...(listenHosts.includes('0.0.0.0') ? machineIpv4Addresses() : []),
    ...(listenHosts.includes('::') ? machineIpv6Addresses() : []),
  ];
}

/** `ip:port`, or `[v6]:port`. */
export function formatEndpoint(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
