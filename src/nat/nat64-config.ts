/**
 * Stateful NAT64 settings (RFC 6146). What is fixed by the RFC is not a setting: mapping is endpoint-independent
 * (§3.5.1 and §3.5.2: one BIB entry per IPv6 source transport address, used for every destination), pooling is
 * paired and ports keep their parity (§3.5.1.1, RFC 4787 REQ-2/REQ-4). Durations are milliseconds.
 */
import type { FilteringBehavior } from './nat-config';
import { NatConfigError } from './nat-errors';
import { checkDuration, checkKeys } from './ipv6-firewall-config';
import { NAT64_PREFIX_VALID, Nat64Prefix, WELL_KNOWN_NAT64_PREFIX } from '../net/nat64-prefix';
import { tryParseIpv4 } from '../net/ipv4';

/** RFC 6146 §3.5.1: filtering on the IPv4 side is either absent (EIF) or the address-dependent rule. */
export const NAT64_FILTERINGS = ['endpoint-independent', 'address-dependent'] as const satisfies readonly FilteringBehavior[];
/** One of NAT64_FILTERINGS. */
export type Nat64Filtering = (typeof NAT64_FILTERINGS)[number];

/** RFC 6146 §4 protocol constants (ms). */
export const NAT64_CONSTANTS = Object.freeze({
  /** UDP_MIN: 2 minutes. */
  udpMin: 120_000,
  /** UDP_DEFAULT: 5 minutes. */
  udpDefault: 300_000,
  /** TCP_TRANS: 4 minutes. */
  tcpTrans: 240_000,
  /** TCP_EST: 2 hours 4 minutes. */
  tcpEst: 7_440_000,
});

/** A NAT64 as people write it. */
export interface Nat64Init {
  /**
   * The NAT64 prefix (RFC 6052 §2.2: /32, /40, /48, /56, /64 or /96). IPv6 destinations inside it are translated
   * to the IPv4 address embedded in them.
   * @default '64:ff9b::/96' (RFC 6052 §2.1, the Well-Known Prefix)
   */
  prefix?: string;
  /**
   * The IPv4 pool (RFC 6146 §3.5.1.1): dotted quads on the outside network.
   * @default the outside interface address
   */
  pool?: readonly string[];
  /**
   * RFC 6146 §3.5.1: 'endpoint-independent' (no filtering on the IPv4 side) or 'address-dependent' (an IPv4
   * packet passes only if a live session of its BIB entry has the packet's source address). Jool's default is EIF.
   * @default 'endpoint-independent'
   */
  filtering?: Nat64Filtering;
  /** RFC 6146 §3.5.1 / §4: UDP session lifetime, not below UDP_MIN (2 min). @default 300000 (UDP_DEFAULT) */
  udpTimeout?: number;
  /** RFC 6146 §3.5.2 / §4: established TCP session lifetime, not below TCP_EST (2 h 4 min). @default 7440000 */
  tcpEstablishedTimeout?: number;
  /** RFC 6146 §3.5.2 / §4: transitory TCP session lifetime, not below TCP_TRANS (4 min). @default 240000 */
  tcpTransitoryTimeout?: number;
  /** RFC 6146 §3.8: an IPv6 host reaches another through the other's IPv4 transport address. @default true */
  hairpinning?: boolean;
  /** IPv4 ports given out, [lo, hi] inclusive (RFC 6146 §3.5.1.1). @default [1024, 65535] */
  portRange?: readonly [number, number];
}

/** A NAT64 with every default applied. */
export interface Nat64Config {
  readonly prefix: Nat64Prefix;
  /** Empty: the node's outside address. */
  readonly pool: readonly number[];
  readonly filtering: Nat64Filtering;
  readonly udpTimeout: number;
  readonly tcpEstablishedTimeout: number;
  readonly tcpTransitoryTimeout: number;
  readonly hairpinning: boolean;
  readonly portRange: readonly [number, number];
}

/** Every key Nat64Init accepts. */
export const NAT64_SETTINGS = [
  'prefix', 'pool', 'filtering', 'udpTimeout', 'tcpEstablishedTimeout', 'tcpTransitoryTimeout', 'hairpinning', 'portRange',
] as const satisfies readonly (keyof Nat64Init)[];

function atLeast(value: unknown, min: number, path: string, constant: string): number {
  const v = checkDuration(value, path);
  if (v < min) throw new NatConfigError(path, `${v} ms is below ${constant} (RFC 6146 §4)`, `at least ${min} ms`);
  return v;
}

/** A NAT64 prefix setting; throws NatConfigError at `path` saying what is valid. */
export function parseNat64Prefix(text: unknown, path: string): Nat64Prefix {
  try {
    return Nat64Prefix.parse(text as string);
  } catch (e) {
    const [problem] = (e as Error).message.split('; valid: ');
    throw new NatConfigError(path, problem, NAT64_PREFIX_VALID);
  }
}

/** Validates NAT64 settings and applies defaults; throws NatConfigError at `path.key`. */
export function resolveNat64Config(init: unknown, path = 'nat64'): Nat64Config {
  const o = checkKeys(init ?? {}, NAT64_SETTINGS, path, 'NAT64');
  const prefix = parseNat64Prefix(o.prefix ?? WELL_KNOWN_NAT64_PREFIX, `${path}.prefix`);
  const rawPool = o.pool ?? [];
  if (!Array.isArray(rawPool)) throw new NatConfigError(`${path}.pool`, 'not a list', 'a list of IPv4 addresses');
  const pool = rawPool.map((ip, i) => {
    const v = typeof ip === 'string' ? tryParseIpv4(ip) : undefined;
    if (v === undefined) throw new NatConfigError(`${path}.pool[${i}]`, `${JSON.stringify(ip)} is not an IPv4 address`, 'a dotted quad like 198.51.100.1');
    return v;
  });
  if (new Set(pool).size !== pool.length) throw new NatConfigError(`${path}.pool`, 'lists an address twice', 'distinct addresses');
  const filtering = o.filtering ?? 'endpoint-independent';
  if (typeof filtering !== 'string' || !(NAT64_FILTERINGS as readonly string[]).includes(filtering)) {
    throw new NatConfigError(`${path}.filtering`, `${JSON.stringify(filtering)} is not a NAT64 filtering behaviour (RFC 6146 §3.5.1 has EIF or ADF)`,
      NAT64_FILTERINGS.map((b) => `'${b}'`).join(', '));
  }
  const hairpinning = o.hairpinning ?? true;
  if (typeof hairpinning !== 'boolean') throw new NatConfigError(`${path}.hairpinning`, `${JSON.stringify(hairpinning)} is not a boolean`, 'true or false');
  const range = o.portRange ?? [1024, 65535];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535) || range[0] > range[1]) {
    throw new NatConfigError(`${path}.portRange`, `${JSON.stringify(range)} is not a port range`, '[lo, hi] with 1 <= lo <= hi <= 65535');
  }
  return Object.freeze({
    prefix, pool, filtering: filtering as Nat64Filtering, hairpinning,
    udpTimeout: atLeast(o.udpTimeout ?? NAT64_CONSTANTS.udpDefault, NAT64_CONSTANTS.udpMin, `${path}.udpTimeout`, 'UDP_MIN'),
    tcpEstablishedTimeout: atLeast(o.tcpEstablishedTimeout ?? NAT64_CONSTANTS.tcpEst, NAT64_CONSTANTS.tcpEst, `${path}.tcpEstablishedTimeout`, 'TCP_EST'),
    tcpTransitoryTimeout: atLeast(o.tcpTransitoryTimeout ?? NAT64_CONSTANTS.tcpTrans, NAT64_CONSTANTS.tcpTrans, `${path}.tcpTransitoryTimeout`, 'TCP_TRANS'),
    portRange: [range[0], range[1]] as const,
  });
}
