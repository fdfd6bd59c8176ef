/**
 * Validation and resolution of NAT settings. Input may come straight from YAML (unknown types); every problem is
 * a NatConfigError naming the config path and the valid values. Unknown settings, and settings that would have no
 * effect (DESIGN.md: "never accept a flag that silently does nothing"), are rejected.
 */
import {
  FILTERING_BEHAVIORS, FILTERING_SCOPES, MAPPING_BEHAVIORS, NAT_DEFAULTS, NAT_SETTINGS, NatConfig, NatInit,
  PORT_ASSIGNMENTS, POOLINGS, UNSOLICITED_ICMP,
} from './nat-config';
import { NatConfigError } from './nat-errors';
import { NAT_PRESETS, NAT_PRESET_NAMES, NatPresetName } from './nat-presets';
import { tryParseIpv4 } from '../net/ipv4';
import { NAT_TCP_DEFAULTS, NAT_TCP_SETTINGS, NatTcpConfig, NatTcpInit, UNSOLICITED_SYN } from './nat-tcp-config';

/** Longest duration setting accepted, in ms (30 days, the scheduler's default horizon). */
const MAX_MS = 30 * 24 * 3600 * 1000;

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? `a list (${JSON.stringify(v)})` : 'an object';
}

function quoted(list: readonly string[]): string {
  return list.map((s) => `'${s}'`).join(', ');
}

function oneOf<T extends string>(list: readonly T[], what: string) {
  return (v: unknown, p: string): T => {
    if (typeof v === 'string' && (list as readonly string[]).includes(v)) return v as T;
    throw new NatConfigError(p, `${describe(v)} is not a ${what}`, quoted(list));
  };
}

function bool(v: unknown, p: string): boolean {
  if (typeof v === 'boolean') return v;
  throw new NatConfigError(p, `${describe(v)} is not a boolean`, 'true or false');
}

function int(lo: number, hi: number, what: string) {
  return (v: unknown, p: string): number => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi) return v;
    throw new NatConfigError(p, `${describe(v)} is not a valid ${what}`, `an integer from ${lo} to ${hi}`);
  };
}

function duration(min: 'positive' | 'non-negative') {
  return (v: unknown, p: string): number => {
    const ok = typeof v === 'number' && Number.isFinite(v) && (min === 'positive' ? v > 0 : v >= 0) && v <= MAX_MS;
    if (ok) return v;
    throw new NatConfigError(p, `${describe(v)} is not a valid duration`,
      `a number of milliseconds ${min === 'positive' ? '> 0' : '>= 0'} and <= ${MAX_MS} (30 days)`);
  };
}

function portRange(v: unknown, p: string): readonly [number, number] {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new NatConfigError(p, `${describe(v)} is not a port range`, 'a list of two ports [lo, hi], e.g. [1024, 65535]');
  }
  const port = int(1, 65535, 'port');
  const lo = port(v[0], `${p}[0]`);
  const hi = port(v[1], `${p}[1]`);
  if (lo > hi) throw new NatConfigError(p, `lo ${lo} is above hi ${hi}`, 'lo <= hi');
  return [lo, hi];
}

/** Validates a list of external addresses (dotted quads, at least one, no duplicates). */
export function validateExternalIps(v: unknown, p: string): readonly string[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new NatConfigError(p, `${describe(v)} is not a list of addresses`, 'a non-empty list of IPv4 dotted quads');
  }
  const seen = new Set<number>();
  return v.map((ip: unknown, i) => {
    const n = typeof ip === 'string' ? tryParseIpv4(ip) : undefined;
    if (n === undefined) throw new NatConfigError(`${p}[${i}]`, `${describe(ip)} is not an IPv4 address`, 'a dotted quad like 203.0.113.1');
    if (seen.has(n)) throw new NatConfigError(`${p}[${i}]`, `${ip as string} is listed twice`, 'distinct addresses');
    seen.add(n);
    return ip as string;
  });
}

const TCP_CHECKS: { readonly [K in keyof NatTcpInit]-?: (v: unknown, p: string) => NonNullable<NatTcpInit[K]> } = {
  mapping: oneOf(MAPPING_BEHAVIORS, 'mapping behavior (RFC 5382 REQ-1, RFC 4787 §4.1)'),
  filtering: oneOf(FILTERING_BEHAVIORS, 'filtering behavior (RFC 5382 REQ-3, RFC 4787 §5)'),
  filteringScope: oneOf(FILTERING_SCOPES, 'filtering scope'),
  portAssignment: oneOf(PORT_ASSIGNMENTS, 'port assignment (RFC 4787 §4.2.1)'),
  parity: bool,
  hairpinning: bool,
  establishedTimeout: duration('positive'),
  transitoryTimeout: duration('positive'),
  unsolicitedSyn: oneOf(UNSOLICITED_SYN, 'unsolicited SYN handling (RFC 5382 REQ-4)'),
  synHold: duration('non-negative'),
};

/** Checks a `tcp:` settings object (RFC 5382); keys whose value is undefined are dropped. */
export function validateNatTcpInit(value: unknown, path = 'nat.tcp'): NatTcpInit {
  return checkObject(value, path, TCP_CHECKS, NAT_TCP_SETTINGS, 'NAT TCP setting') as NatTcpInit;
}

function checkObject(value: unknown, path: string, checks: Readonly<Record<string, (v: unknown, p: string) => unknown>>,
  keys: readonly string[], what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NatConfigError(path, `${describe(value)} is not a set of ${what}s`, `an object with keys ${keys.join(', ')}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const check = checks[key];
    if (!Object.hasOwn(checks, key) || check === undefined) {
      throw new NatConfigError(`${path}.${key}`, `unknown ${what}`, keys.join(', '));
    }
    out[key] = check(v, `${path}.${key}`);
  }
  return out;
}

const CHECKS: { readonly [K in keyof NatInit]-?: (v: unknown, p: string) => NonNullable<NatInit[K]> } = {
  preset: oneOf<NatPresetName>(NAT_PRESET_NAMES, 'NAT preset'),
  translate: bool,
  mapping: oneOf(MAPPING_BEHAVIORS, 'mapping behavior (RFC 4787 §4.1)'),
  filtering: oneOf(FILTERING_BEHAVIORS, 'filtering behavior (RFC 4787 §5)'),
  filteringScope: oneOf(FILTERING_SCOPES, 'filtering scope'),
  portAssignment: oneOf(PORT_ASSIGNMENTS, 'port assignment (RFC 4787 §4.2.1)'),
  sequentialStep: int(1, 65535, 'port step'),
  portRange,
  parity: bool,
  externalIps: validateExternalIps,
  pooling: oneOf(POOLINGS, 'IP address pooling (RFC 4787 §4.1)'),
  portQuota: int(0, 65535, 'port quota'),
  portReuseDelay: duration('non-negative'),
  mappingTimeout: duration('positive'),
  establishedTimeout: duration('positive'),
  inboundRefresh: bool,
  hairpinning: bool,
  unsolicitedIcmp: oneOf(UNSOLICITED_ICMP, 'unsolicited ICMP handling (RFC 4787 REQ-12a)'),
  tcp: validateNatTcpInit,
};

/**
 * Checks the shape of a NAT settings object (from YAML or code) and returns it typed. Keys whose value is
 * undefined are dropped. Throws NatConfigError at `path.key` for unknown keys and bad values.
 */
export function validateNatInit(value: unknown, path = 'nat'): NatInit {
  return checkObject(value, path, CHECKS, NAT_SETTINGS, 'NAT setting') as NatInit;
}

/** Options for resolveNatConfig. */
export interface ResolveNatOptions {
  /**
   * Config path used in error messages, e.g. `nats.home`.
   * @default 'nat'
   */
  path?: string;
  /**
   * External addresses to use when the settings give none (the NAT node's external interface address).
   * @default none: externalIps must then be given
   */
  externalIps?: readonly string[];
}

function rejectIneffective(merged: NatInit, own: NatInit, path: string): void {
  const origin = (k: keyof NatInit): string => (k in own ? '' : ` (set by preset '${own.preset}')`);
  if (merged.translate === false) {
    const extra = NAT_SETTINGS.find((k) => k !== 'preset' && k !== 'translate' && merged[k] !== undefined);
    if (extra !== undefined) {
      throw new NatConfigError(`${path}.${extra}`, `has no effect when translate is false (no NAT)${origin(extra)}`,
        'remove it, or set translate: true');
    }
  }
  const tcp = merged.tcp ?? {};
  // Only a synHold written beside the settings is checked: a preset's (linux-masquerade's 0) may be overridden
  // by unsolicitedSyn: drop without the user having to remove what they never wrote.
  if (own.tcp?.synHold !== undefined && (tcp.unsolicitedSyn ?? NAT_TCP_DEFAULTS.unsolicitedSyn) === 'drop') {
    throw new NatConfigError(`${path}.tcp.synHold`, "has no effect when tcp.unsolicitedSyn is 'drop'",
      "remove it, or set tcp.unsolicitedSyn: 'rst' or 'icmp'");
  }
  const udpAssignment = merged.portAssignment ?? NAT_DEFAULTS.portAssignment;
  if (merged.sequentialStep !== undefined && udpAssignment !== 'sequential' && (tcp.portAssignment ?? udpAssignment) !== 'sequential') {
    throw new NatConfigError(`${path}.sequentialStep`,
      `has no effect unless portAssignment is 'sequential'${origin('sequentialStep')}`,
      "remove it, or set portAssignment: 'sequential'");
  }
}

/**
 * Validates NAT settings, applies the preset (if any) under them, checks combinations and applies defaults.
 * Throws NatConfigError naming the path and the valid values.
 */
export function resolveNatConfig(init: unknown, opts: ResolveNatOptions = {}): NatConfig {
  const path = opts.path ?? 'nat';
  const own = validateNatInit(init, path);
  const base: NatInit = own.preset ? NAT_PRESETS[own.preset].init : {};
  const merged: NatInit = { ...base, ...own };
  if (base.tcp !== undefined && own.tcp !== undefined) merged.tcp = { ...base.tcp, ...own.tcp };
  rejectIneffective(merged, own, path);
  const translate = merged.translate ?? NAT_DEFAULTS.translate;
  const externalIps = merged.externalIps
    ?? (opts.externalIps ? validateExternalIps(opts.externalIps, `${path}.externalIps`) : []);
  if (translate && externalIps.length === 0) {
    throw new NatConfigError(`${path}.externalIps`, 'missing: the NAT has no external address',
      'a non-empty list of IPv4 dotted quads (or attach the NAT to an external network)');
  }
  const mappingTimeout = merged.mappingTimeout ?? NAT_DEFAULTS.mappingTimeout;
  const udp = {
    translate,
    mapping: merged.mapping ?? NAT_DEFAULTS.mapping,
    filtering: merged.filtering ?? NAT_DEFAULTS.filtering,
    filteringScope: merged.filteringScope ?? NAT_DEFAULTS.filteringScope,
    portAssignment: merged.portAssignment ?? NAT_DEFAULTS.portAssignment,
    sequentialStep: merged.sequentialStep ?? NAT_DEFAULTS.sequentialStep,
    portRange: Object.freeze([...(merged.portRange ?? NAT_DEFAULTS.portRange)]) as unknown as readonly [number, number],
    parity: merged.parity ?? NAT_DEFAULTS.parity,
    externalIps: Object.freeze([...externalIps]),
    pooling: merged.pooling ?? NAT_DEFAULTS.pooling,
    portQuota: merged.portQuota ?? NAT_DEFAULTS.portQuota,
    portReuseDelay: merged.portReuseDelay ?? NAT_DEFAULTS.portReuseDelay,
    mappingTimeout,
    establishedTimeout: merged.establishedTimeout ?? mappingTimeout,
    inboundRefresh: merged.inboundRefresh ?? NAT_DEFAULTS.inboundRefresh,
    hairpinning: merged.hairpinning ?? NAT_DEFAULTS.hairpinning,
    unsolicitedIcmp: merged.unsolicitedIcmp ?? NAT_DEFAULTS.unsolicitedIcmp,
  };
  return Object.freeze({ ...udp, tcp: resolveTcp(merged.tcp ?? {}, udp) });
}

/** TCP settings with defaults: the RFC 4787 axes from the NAT's own (UDP) values, timeouts from RFC 5382. */
function resolveTcp(t: NatTcpInit, udp: Omit<NatConfig, 'tcp'>): NatTcpConfig {
  return Object.freeze({
    mapping: t.mapping ?? udp.mapping,
    filtering: t.filtering ?? udp.filtering,
    filteringScope: t.filteringScope ?? udp.filteringScope,
    portAssignment: t.portAssignment ?? udp.portAssignment,
    parity: t.parity ?? udp.parity,
    hairpinning: t.hairpinning ?? udp.hairpinning,
    establishedTimeout: t.establishedTimeout ?? NAT_TCP_DEFAULTS.establishedTimeout,
    transitoryTimeout: t.transitoryTimeout ?? NAT_TCP_DEFAULTS.transitoryTimeout,
    unsolicitedSyn: t.unsolicitedSyn ?? NAT_TCP_DEFAULTS.unsolicitedSyn,
    synHold: t.synHold ?? NAT_TCP_DEFAULTS.synHold,
  });
}

/**
 * The NAT's effective settings for its TCP table: the RFC 4787 axes from `cfg.tcp`, the transitory timeout as the
 * base timeout and the established one as established (the TCP table times each connection by its state).
 */
export function tcpTableConfig(cfg: NatConfig): NatConfig {
  const t = cfg.tcp;
  return Object.freeze({
    ...cfg,
    mapping: t.mapping,
    filtering: t.filtering,
    filteringScope: t.filteringScope,
    portAssignment: t.portAssignment,
    parity: t.parity,
    hairpinning: t.hairpinning,
    mappingTimeout: t.transitoryTimeout,
    establishedTimeout: t.establishedTimeout,
    inboundRefresh: true,
  });
}

/**
 * `base` with `patch` applied: keys present in `patch` replace those in `base`, and a key whose value is
 * undefined removes the setting (so it falls back to the preset or the default). Used by NatTable.reconfigure.
 */
export function mergeNatInit(base: NatInit, patch: Readonly<Partial<NatInit>>): NatInit {
  const out = mergeDefined(base, patch) as NatInit;
  // `tcp` is merged key by key, so `setNat: {tcp: {unsolicitedSyn: rst}}` keeps the other TCP settings.
  if (patch.tcp !== undefined && base.tcp !== undefined) {
    const tcp = mergeDefined(base.tcp, patch.tcp) as NatTcpInit;
    if (Object.keys(tcp).length > 0) out.tcp = tcp;
    else delete out.tcp;
  }
  return out;
}

function mergeDefined(base: object, patch: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
