/**
 * Firewall settings: a stateful filter that does not translate (DESIGN.md "A firewall filters without
 * translating"). 'block-unsolicited-inbound' is RFC 3489 §10.1's "symmetric UDP firewall": address-and-port-
 * dependent filtering (RFC 4787 §5 APDF) per 5-tuple pinhole, opened by outbound packets, kept per protocol (UDP
 * and TCP pinholes never mix). Outbound packets may further be allowed or denied by protocol and destination port
 * (`rules`, first match wins, then `defaultOutbound`), as corporate firewalls do; presets (firewall-presets.ts)
 * name common policies such as 'udp-blocked'.
 */
import { NatConfigError } from './nat-errors';
import { FIREWALL_PRESET_NAMES, FirewallPresetName, firewallPreset } from './firewall-presets';

/** Firewall modes. */
export const FIREWALL_MODES = ['block-unsolicited-inbound', 'block-all-udp'] as const;
/** One of FIREWALL_MODES. */
export type FirewallMode = (typeof FIREWALL_MODES)[number];

/** What a rule does with the outbound packets it matches. */
export const FIREWALL_ACTIONS = ['allow', 'deny'] as const;
/** One of FIREWALL_ACTIONS. */
export type FirewallAction = (typeof FIREWALL_ACTIONS)[number];

/** The protocols a rule can name ('any' matches both). */
export const FIREWALL_PROTOCOLS = ['udp', 'tcp', 'any'] as const;
/** One of FIREWALL_PROTOCOLS. */
export type FirewallProtocol = (typeof FIREWALL_PROTOCOLS)[number];

/** A destination port or an inclusive range: 443, [8000, 8100] or '8000-8100'. */
export type FirewallPortSpec = number | readonly [number, number] | string;

/** One outbound rule as people write it. */
export interface FirewallRule {
  /** allow or deny. */
  action: FirewallAction;
  /** @default 'any' */
  proto?: FirewallProtocol;
  /** Destination ports it matches. @default every port */
  ports?: readonly FirewallPortSpec[];
}

/** A rule with defaults applied: ports as inclusive [lo, hi] ranges (empty = every port). */
export interface FirewallRuleConfig {
  readonly action: FirewallAction;
  readonly proto: FirewallProtocol;
  readonly ports: readonly (readonly [number, number])[];
}

/** A firewall as people write it. */
export interface FirewallInit {
  /** Start from a preset (firewall-presets.ts); settings given here override it. */
  preset?: FirewallPresetName;
  /**
   * 'block-unsolicited-inbound': outbound passes (subject to `rules`) and opens a pinhole for its exact remote
   * IP:port and protocol; inbound passes only through an open pinhole (APDF). 'block-all-udp': every UDP packet,
   * either way, is dropped (TCP as in the other mode).
   * @default 'block-unsolicited-inbound'
   */
  mode?: FirewallMode;
  /**
   * Milliseconds a UDP pinhole stays open after the last outbound packet through it (and after admitted inbound
   * ones when inboundRefresh). Same floor as RFC 4787 REQ-5 (2 min) by default. Only with
   * 'block-unsolicited-inbound'.
   * @default 120000
   */
  timeout?: number;
  /**
   * Milliseconds a TCP pinhole stays open after the last segment either way (RFC 5382 REQ-5's established floor;
   * the firewall does not track TCP states, RFC 6092 §3.3's finer timers are not modelled).
   * @default 7440000 (2 h 4 min)
   */
  tcpTimeout?: number;
  /**
   * Admitted inbound UDP packets refresh their pinhole (like RFC 4787 REQ-6a). Only with
   * 'block-unsolicited-inbound'. TCP pinholes are always refreshed both ways.
   * @default false
   */
  inboundRefresh?: boolean;
  /**
   * Outbound rules by protocol and destination port, first match wins. Replies come back through pinholes
   * only, so a denied outbound packet also means no replies.
   * @default [] (every outbound packet goes to defaultOutbound)
   */
  rules?: readonly FirewallRule[];
  /**
   * What happens to an outbound packet no rule matches.
   * @default 'allow'
   */
  defaultOutbound?: FirewallAction;
}

/** A firewall with defaults applied. */
export interface FirewallConfig {
  readonly mode: FirewallMode;
  /** ms */
  readonly timeout: number;
  /** ms */
  readonly tcpTimeout: number;
  readonly inboundRefresh: boolean;
  readonly rules: readonly FirewallRuleConfig[];
  readonly defaultOutbound: FirewallAction;
}

/** Every key FirewallInit accepts. */
export const FIREWALL_SETTINGS = [
  'preset', 'mode', 'timeout', 'tcpTimeout', 'inboundRefresh', 'rules', 'defaultOutbound',
] as const satisfies readonly (keyof FirewallInit)[];

const MAX_MS = 30 * 24 * 3600 * 1000;

function oneOf<T extends string>(v: unknown, list: readonly T[], p: string, what: string): T {
  if (typeof v === 'string' && (list as readonly string[]).includes(v)) return v as T;
  throw new NatConfigError(p, `${JSON.stringify(v)} is not a ${what}`, list.map((m) => `'${m}'`).join(', '));
}

function duration(v: unknown, p: string): number {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_MS) return v;
  throw new NatConfigError(p, `${JSON.stringify(v)} is not a valid duration`, `a number of milliseconds > 0 and <= ${MAX_MS} (30 days)`);
}

function portRange(v: unknown, p: string): readonly [number, number] {
  const port = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 65535;
  let r: unknown[] | undefined;
  if (typeof v === 'number') r = [v, v];
  else if (Array.isArray(v) && v.length === 2) r = v;
  else if (typeof v === 'string' && /^\d{1,5}(-\d{1,5})?$/u.test(v)) r = v.split('-').map(Number).concat(v.includes('-') ? [] : [Number(v)]);
  if (r === undefined || !port(r[0]) || !port(r[1]) || (r[0] as number) > (r[1] as number)) {
    throw new NatConfigError(p, `${JSON.stringify(v)} is not a port or port range`, "a port 1-65535 (443), or a range lo <= hi ([8000, 8100] or '8000-8100')");
  }
  return [r[0] as number, r[1] as number];
}

function rule(v: unknown, p: string): FirewallRuleConfig {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new NatConfigError(p, 'not a firewall rule', 'an object with action (allow, deny), proto (udp, tcp, any) and ports');
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['action', 'proto', 'ports'].includes(k)) throw new NatConfigError(`${p}.${k}`, 'unknown rule key', 'action, proto, ports');
  }
  const action = oneOf(o.action, FIREWALL_ACTIONS, `${p}.action`, 'rule action');
  const proto = o.proto === undefined ? 'any' : oneOf(o.proto, FIREWALL_PROTOCOLS, `${p}.proto`, 'protocol');
  if (o.ports !== undefined && (!Array.isArray(o.ports) || o.ports.length === 0)) {
    throw new NatConfigError(`${p}.ports`, `${JSON.stringify(o.ports)} is not a list of ports`, 'a non-empty list such as [80, 443] (leave it out for every port)');
  }
  const ports = ((o.ports ?? []) as unknown[]).map((x, i) => portRange(x, `${p}.ports[${i}]`));
  return Object.freeze({ action, proto, ports: Object.freeze(ports) });
}

/** Validates firewall settings (from YAML or code), applies the preset and defaults; throws NatConfigError at `path.key`. */
export function resolveFirewallConfig(init: unknown, path = 'firewall'): FirewallConfig {
  if (init === null || typeof init !== 'object' || Array.isArray(init)) {
    throw new NatConfigError(path, 'not a set of firewall settings', `an object with keys ${FIREWALL_SETTINGS.join(', ')}`);
  }
  const own = init as Record<string, unknown>;
  for (const key of Object.keys(own)) {
    if (own[key] !== undefined && !(FIREWALL_SETTINGS as readonly string[]).includes(key)) {
      throw new NatConfigError(`${path}.${key}`, 'unknown firewall setting', FIREWALL_SETTINGS.join(', '));
    }
  }
  const preset = own.preset === undefined ? undefined : oneOf(own.preset, FIREWALL_PRESET_NAMES, `${path}.preset`, 'firewall preset');
  const o: Record<string, unknown> = { ...(preset ? firewallPreset(preset).init : {}) };
  for (const [k, v] of Object.entries(own)) if (v !== undefined && k !== 'preset') o[k] = v;
  const mode = oneOf(o.mode ?? 'block-unsolicited-inbound', FIREWALL_MODES, `${path}.mode`, 'firewall mode');
  if (mode === 'block-all-udp') {
    const extra = (['timeout', 'inboundRefresh'] as const).find((k) => o[k] !== undefined);
    if (extra) throw new NatConfigError(`${path}.${extra}`, "has no effect with mode 'block-all-udp'", 'remove it');
  }
  const timeout = duration(o.timeout ?? 120_000, `${path}.timeout`);
  const tcpTimeout = duration(o.tcpTimeout ?? 7_440_000, `${path}.tcpTimeout`);
  const inboundRefresh = o.inboundRefresh ?? false;
  if (typeof inboundRefresh !== 'boolean') {
    throw new NatConfigError(`${path}.inboundRefresh`, `${JSON.stringify(inboundRefresh)} is not a boolean`, 'true or false');
  }
  if (o.rules !== undefined && !Array.isArray(o.rules)) {
    throw new NatConfigError(`${path}.rules`, `${JSON.stringify(o.rules)} is not a list of rules`, 'a list of {action, proto, ports}');
  }
  const rules = ((o.rules ?? []) as unknown[]).map((r, i) => rule(r, `${path}.rules[${i}]`));
  const defaultOutbound = oneOf(o.defaultOutbound ?? 'allow', FIREWALL_ACTIONS, `${path}.defaultOutbound`, 'default action');
  return Object.freeze({ mode, timeout, tcpTimeout, inboundRefresh, rules: Object.freeze(rules), defaultOutbound });
}
