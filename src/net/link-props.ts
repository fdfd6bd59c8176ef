/**
 * Link properties for one direction of a link: what a network does to the packets one member sends into it.
 * Every field can be changed while a run is going (Channel.configure).
 */
import { LinkConfigError } from './errors';

/** Gilbert-Elliott burst loss: a two-state Markov chain evaluated once per packet. */
export interface BurstLoss {
  /** Probability of moving from the good to the bad state, per packet. */
  readonly pGoodToBad: number;
  /** Probability of moving from the bad back to the good state, per packet. */
  readonly pBadToGood: number;
  /**
   * Loss probability while in the bad state.
   * @default 1
   */
  readonly lossInBad?: number;
}

/** Options for one link direction. */
export interface LinkProps {
  /**
   * One-way delay in milliseconds (may be fractional).
   * @default 0
   */
  latency?: number;
  /**
   * Jitter in milliseconds: each packet's delay is latency + uniform(-jitter, +jitter), never below 0.
   * @default 0
   */
  jitter?: number;
  /**
   * Independent random loss probability per packet, 0..1.
   * @default 0
   */
  loss?: number;
  /** Burst loss on top of `loss` (Gilbert-Elliott). @default none */
  burstLoss?: BurstLoss;
  /**
   * Probability that a packet is delivered twice.
   * @default 0
   */
  duplicate?: number;
  /**
   * Probability that a packet is held back by `reorderDelay`, so later packets overtake it.
   * @default 0
   */
  reorder?: number;
  /**
   * Extra delay in milliseconds for reordered packets.
   * @default 10
   */
  reorderDelay?: number;
  /**
   * Bandwidth in bits per second; 0 means unlimited (no serialisation delay, no queue).
   * @default 0
   */
  bandwidth?: number;
  /**
   * Queue limit in packets while the link is busy (tail drop 'queue-full'). Only used with a bandwidth.
   * @default 100
   */
  queue?: number;
  /**
   * Largest IP packet (payload + 28 bytes) the link carries. Larger ones are fragmented by the sending node
   * (RFC 791), or dropped as 'mtu-exceeded' when DF is set (ipv4-fragments.ts, segment.ts).
   * @default 1500
   */
  mtu?: number;
  /**
   * Whether the link is up; a down link drops everything as 'link-down'.
   * @default true
   */
  up?: boolean;
}

/** LinkProps with every default applied. */
export type ResolvedLinkProps = Required<Omit<LinkProps, 'burstLoss'>> & { burstLoss: BurstLoss | undefined };

/** The defaults applied to unspecified link properties. */
export const LINK_DEFAULTS: ResolvedLinkProps = Object.freeze({
  latency: 0,
  jitter: 0,
  loss: 0,
  burstLoss: undefined,
  duplicate: 0,
  reorder: 0,
  reorderDelay: 10,
  bandwidth: 0,
  queue: 100,
  mtu: 1500,
  up: true,
});

function check(path: string, ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new LinkConfigError(path, `${what}, got ${JSON.stringify(value)}`);
}

function probability(path: string, v: number | undefined): void {
  if (v !== undefined) check(path, Number.isFinite(v) && v >= 0 && v <= 1, 'must be a probability 0..1', v);
}

function nonNegative(path: string, v: number | undefined): void {
  if (v !== undefined) check(path, Number.isFinite(v) && v >= 0, 'must be a number >= 0', v);
}

/** Validates and merges `props` over `base`; `path` prefixes error messages (e.g. `links.alice`). */
export function resolveLinkProps(props: LinkProps, base: ResolvedLinkProps = LINK_DEFAULTS, path = 'link'): ResolvedLinkProps {
  // No overrides: share `base` (resolved props are never mutated; configure() builds a new object).
  for (const _ in props) return resolveChanges(props, base, path);
  return base;
}

function resolveChanges(props: LinkProps, base: ResolvedLinkProps, path: string): ResolvedLinkProps {
  const known = new Set(Object.keys(LINK_DEFAULTS));
  for (const key of Object.keys(props)) {
    check(`${path}.${key}`, known.has(key), `is not a link property (valid: ${[...known].join(', ')})`, key);
  }
  for (const k of ['latency', 'jitter', 'reorderDelay', 'bandwidth'] as const) nonNegative(`${path}.${k}`, props[k]);
  for (const k of ['loss', 'duplicate', 'reorder'] as const) probability(`${path}.${k}`, props[k]);
  if (props.queue !== undefined) check(`${path}.queue`, Number.isInteger(props.queue) && props.queue >= 0, 'must be a whole number >= 0', props.queue);
  if (props.mtu !== undefined) check(`${path}.mtu`, Number.isInteger(props.mtu) && props.mtu >= 68, 'must be a whole number >= 68 (RFC 791)', props.mtu);
  if (props.up !== undefined) check(`${path}.up`, typeof props.up === 'boolean', 'must be true or false', props.up);
  if (props.burstLoss) {
    probability(`${path}.burstLoss.pGoodToBad`, props.burstLoss.pGoodToBad);
    probability(`${path}.burstLoss.pBadToGood`, props.burstLoss.pBadToGood);
    probability(`${path}.burstLoss.lossInBad`, props.burstLoss.lossInBad);
  }
  const merged = { ...base };
  for (const [k, v] of Object.entries(props)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}
