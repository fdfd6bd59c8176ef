/**
 * Firewall settings: a stateful UDP filter that does not translate (DESIGN.md "A firewall filters without
 * translating"). 'block-unsolicited-inbound' is RFC 3489 §10.1's "symmetric UDP firewall": address-and-port-
 * dependent filtering (RFC 4787 §5 APDF) per 5-tuple pinhole, opened by outbound packets.
 */
import { NatConfigError } from './nat-errors';

/** Firewall modes. */
export const FIREWALL_MODES = ['block-unsolicited-inbound', 'block-all-udp'] as const;
/** One of FIREWALL_MODES. */
export type FirewallMode = (typeof FIREWALL_MODES)[number];

/** A firewall as people write it. */
export interface FirewallInit {
  /**
   * 'block-unsolicited-inbound': outbound passes and opens a pinhole for its exact remote IP:port; inbound
   * passes only through an open pinhole (APDF). 'block-all-udp': every UDP packet, either way, is dropped.
   * @default 'block-unsolicited-inbound'
   */
  mode?: FirewallMode;
  /**
   * Milliseconds a pinhole stays open after the last outbound packet through it (and after admitted inbound
   * ones when inboundRefresh). Same floor as RFC 4787 REQ-5 (2 min) by default. Only with
   * 'block-unsolicited-inbound'.
   * @default 120000
   */
  timeout?: number;
  /**
   * Admitted inbound packets refresh their pinhole (like RFC 4787 REQ-6a). Only with 'block-unsolicited-inbound'.
   * @default false
   */
  inboundRefresh?: boolean;
}

/** A firewall with defaults applied. */
export interface FirewallConfig {
  readonly mode: FirewallMode;
  /** ms */
  readonly timeout: number;
  readonly inboundRefresh: boolean;
}

/** Every key FirewallInit accepts. */
export const FIREWALL_SETTINGS = ['mode', 'timeout', 'inboundRefresh'] as const satisfies readonly (keyof FirewallInit)[];

const MAX_MS = 30 * 24 * 3600 * 1000;

/** Validates firewall settings (from YAML or code) and applies defaults; throws NatConfigError at `path.key`. */
export function resolveFirewallConfig(init: unknown, path = 'firewall'): FirewallConfig {
  if (init === null || typeof init !== 'object' || Array.isArray(init)) {
    throw new NatConfigError(path, 'not a set of firewall settings', `an object with keys ${FIREWALL_SETTINGS.join(', ')}`);
  }
  const o = init as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (o[key] !== undefined && !(FIREWALL_SETTINGS as readonly string[]).includes(key)) {
      throw new NatConfigError(`${path}.${key}`, 'unknown firewall setting', FIREWALL_SETTINGS.join(', '));
    }
  }
  const mode = o.mode ?? 'block-unsolicited-inbound';
  if (typeof mode !== 'string' || !(FIREWALL_MODES as readonly string[]).includes(mode)) {
    throw new NatConfigError(`${path}.mode`, `${JSON.stringify(mode)} is not a firewall mode`,
      FIREWALL_MODES.map((m) => `'${m}'`).join(', '));
  }
  if (mode === 'block-all-udp') {
    const extra = (['timeout', 'inboundRefresh'] as const).find((k) => o[k] !== undefined);
    if (extra) throw new NatConfigError(`${path}.${extra}`, "has no effect with mode 'block-all-udp'", 'remove it');
  }
  const timeout = o.timeout ?? 120_000;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0 || timeout > MAX_MS) {
    throw new NatConfigError(`${path}.timeout`, `${JSON.stringify(timeout)} is not a valid duration`,
      `a number of milliseconds > 0 and <= ${MAX_MS} (30 days)`);
  }
  const inboundRefresh = o.inboundRefresh ?? false;
  if (typeof inboundRefresh !== 'boolean') {
    throw new NatConfigError(`${path}.inboundRefresh`, `${JSON.stringify(inboundRefresh)} is not a boolean`, 'true or false');
  }
  return Object.freeze({ mode: mode as FirewallMode, timeout, inboundRefresh });
}
