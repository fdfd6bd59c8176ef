/**
 * Settings of the stateful IPv6 firewall (no translation), in RFC 4787 filtering terms, with presets following
 * RFC 6092 ("Simple Security in IPv6 Gateway CPE"). Durations are milliseconds, as everywhere in natsim.
 *
 * RFC 6092 recommendations this models (docs/nat64.md lists them with what is not modelled):
 * - REC-11 / REC-17 / REC-28: filtering for generic transports, UDP and TCP SHOULD be endpoint-independent where
 *   transparency matters and address-dependent where stringency does; endpoint-independent by default in
 *   gateways provisioned without service-provider management. Preset 'rfc6092' is EIF, 'rfc6092-stringent' ADF.
 * - REC-12 / REC-14: a UDP state record MUST NOT expire in less than two minutes of idle time; the default is
 *   five minutes. REC-16: outbound packets MUST refresh it, inbound ones MAY (setting inboundRefresh).
 * - REC-26: every valid TCP sequence, simultaneous open included, passes for outbound and permitted flows.
 * - REC-30: TCP established idle timeout not below 2 h 4 min, transitory not below 4 min (RFC 5382 REQ-5).
 * - Inbound packets with no state record (unsolicited) are dropped: §3.2 and §3.3's default stance.
 */
import { FILTERING_BEHAVIORS, FilteringBehavior } from './nat-config';
import { NatConfigError } from './nat-errors';

/** Preset names. */
export const IPV6_FIREWALL_PRESET_NAMES = ['rfc6092', 'rfc6092-stringent'] as const;
/** One of IPV6_FIREWALL_PRESET_NAMES. */
export type Ipv6FirewallPresetName = (typeof IPV6_FIREWALL_PRESET_NAMES)[number];

/** An IPv6 firewall as people write it. */
export interface Ipv6FirewallInit {
  /** Start from a preset; the fields given here override it. @default 'rfc6092' */
  preset?: Ipv6FirewallPresetName;
  /**
   * RFC 4787 §5 filtering, judged per inside endpoint (address, port, protocol) against its live state records:
   * EIF admits any remote once the inside endpoint has sent out, ADF remotes whose address it sent to, APDF only
   * the exact remote endpoints it sent to. RFC 6092 REC-17/REC-28.
   * @default 'endpoint-independent'
   */
  filtering?: FilteringBehavior;
  /** RFC 6092 REC-14: idle timeout of a UDP state record (>= 2 min required by the RFC). @default 300000 */
  udpTimeout?: number;
  /** RFC 6092 REC-30: idle timeout of an established TCP session (>= 2 h 4 min). @default 7440000 */
  tcpEstablishedTimeout?: number;
  /** RFC 6092 REC-30: idle timeout of a TCP session opening or closing (>= 4 min). @default 240000 */
  tcpTransitoryTimeout?: number;
  /** RFC 6092 REC-16: admitted inbound UDP packets refresh their state record (MAY). @default false */
  inboundRefresh?: boolean;
}

/** An IPv6 firewall with every default applied. */
export interface Ipv6FirewallConfig {
  readonly filtering: FilteringBehavior;
  /** ms */
  readonly udpTimeout: number;
  /** ms */
  readonly tcpEstablishedTimeout: number;
  /** ms */
  readonly tcpTransitoryTimeout: number;
  readonly inboundRefresh: boolean;
}

/** Every key Ipv6FirewallInit accepts. */
export const IPV6_FIREWALL_SETTINGS = [
  'preset', 'filtering', 'udpTimeout', 'tcpEstablishedTimeout', 'tcpTransitoryTimeout', 'inboundRefresh',
] as const satisfies readonly (keyof Ipv6FirewallInit)[];

/** RFC 6092 §3.2-§3.3 numbers. */
export const RFC6092_UDP_TIMEOUT = 300_000;
export const RFC6092_TCP_ESTABLISHED = 7_440_000;
export const RFC6092_TCP_TRANSITORY = 240_000;

/** The presets: plain data over the settings. */
export const IPV6_FIREWALL_PRESETS: Readonly<Record<Ipv6FirewallPresetName, Ipv6FirewallConfig>> = Object.freeze({
  // RFC 6092 REC-17/REC-28 default for unmanaged gateways (EIF), REC-14 and REC-30 timers.
  rfc6092: Object.freeze({
    filtering: 'endpoint-independent', udpTimeout: RFC6092_UDP_TIMEOUT, tcpEstablishedTimeout: RFC6092_TCP_ESTABLISHED,
    tcpTransitoryTimeout: RFC6092_TCP_TRANSITORY, inboundRefresh: false,
  }),
  // REC-17/REC-28's "more stringent" alternative: address-dependent filtering, same timers.
  'rfc6092-stringent': Object.freeze({
    filtering: 'address-dependent', udpTimeout: RFC6092_UDP_TIMEOUT, tcpEstablishedTimeout: RFC6092_TCP_ESTABLISHED,
    tcpTransitoryTimeout: RFC6092_TCP_TRANSITORY, inboundRefresh: false,
  }),
} satisfies Record<Ipv6FirewallPresetName, Ipv6FirewallConfig>);

const MAX_MS = 30 * 24 * 3600 * 1000;

/** Validates a duration setting in ms (> 0, at most 30 days). */
export function checkDuration(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_MS) {
    throw new NatConfigError(path, `${JSON.stringify(value)} is not a valid duration`, `a number of milliseconds > 0 and <= ${MAX_MS} (30 days)`);
  }
  return value;
}

/** Checks that `o` is an object with only `keys`; throws NatConfigError at `path`. */
export function checkKeys(o: unknown, keys: readonly string[], path: string, what: string): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new NatConfigError(path, `not a set of ${what} settings`, `an object with keys ${keys.join(', ')}`);
  }
  const r = o as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (r[k] !== undefined && !keys.includes(k)) throw new NatConfigError(`${path}.${k}`, `unknown ${what} setting`, keys.join(', '));
  }
  return r;
}

/** Validates IPv6 firewall settings and applies the preset and defaults; throws NatConfigError at `path.key`. */
export function resolveIpv6FirewallConfig(init: unknown, path = 'ipv6Firewall'): Ipv6FirewallConfig {
  const o = checkKeys(init, IPV6_FIREWALL_SETTINGS, path, 'IPv6 firewall');
  const presetName = o.preset ?? 'rfc6092';
  if (typeof presetName !== 'string' || !(IPV6_FIREWALL_PRESET_NAMES as readonly string[]).includes(presetName)) {
    throw new NatConfigError(`${path}.preset`, `${JSON.stringify(presetName)} is not an IPv6 firewall preset`,
      IPV6_FIREWALL_PRESET_NAMES.map((n) => `'${n}'`).join(', '));
  }
  const base = IPV6_FIREWALL_PRESETS[presetName as Ipv6FirewallPresetName];
  const filtering = o.filtering ?? base.filtering;
  if (typeof filtering !== 'string' || !(FILTERING_BEHAVIORS as readonly string[]).includes(filtering)) {
    throw new NatConfigError(`${path}.filtering`, `${JSON.stringify(filtering)} is not a filtering behaviour`,
      FILTERING_BEHAVIORS.map((b) => `'${b}'`).join(', '));
  }
  const inboundRefresh = o.inboundRefresh ?? base.inboundRefresh;
  if (typeof inboundRefresh !== 'boolean') {
    throw new NatConfigError(`${path}.inboundRefresh`, `${JSON.stringify(inboundRefresh)} is not a boolean`, 'true or false');
  }
  return Object.freeze({
    filtering: filtering as FilteringBehavior,
    udpTimeout: checkDuration(o.udpTimeout ?? base.udpTimeout, `${path}.udpTimeout`),
    tcpEstablishedTimeout: checkDuration(o.tcpEstablishedTimeout ?? base.tcpEstablishedTimeout, `${path}.tcpEstablishedTimeout`),
    tcpTransitoryTimeout: checkDuration(o.tcpTransitoryTimeout ?? base.tcpTransitoryTimeout, `${path}.tcpTransitoryTimeout`),
    inboundRefresh,
  });
}
