/**
 * Link properties: the network's defaults for every member's outbound direction, per-interface overrides, and
 * run-time patches (`setLink`). Parsed into ms, probabilities and bits/s.
 */
import { DEFAULTS } from './constants';
import { isRaw, NormaliseContext, Raw } from './normalise-context';
import { LINK_KEYS } from './schema-topology';
import type { ConfigPath } from './source-map';
import type { BurstLossSpec, LinkProps, LinkPropsPatch, ReorderSpec } from './spec-types';
import { parseBandwidth, parseDuration } from './units';

/** Link properties when nothing is written (DEFAULTS.link, parsed). */
export const DEFAULT_LINK: LinkProps = Object.freeze({
  latencyMs: unwrap(parseDuration(DEFAULTS.link.latency)),
  jitterMs: unwrap(parseDuration(DEFAULTS.link.jitter)),
  loss: DEFAULTS.link.loss,
  burstLoss: null,
  duplicate: DEFAULTS.link.duplicate,
  reorder: null,
  bandwidthBps: unwrap(parseBandwidth(DEFAULTS.link.bandwidth)),
  queuePackets: DEFAULTS.link.queue,
  mtu: DEFAULTS.link.mtu,
  up: DEFAULTS.link.up,
});

/** Value of a parse of a constant default. */
function unwrap(r: { ok: true; value: number } | { ok: false; error: string }): number {
  if (!r.ok) throw new Error(`bad built-in default: ${r.error}`);
  return r.value;
}

/** True when the object has any link key. */
export function hasLinkKeys(obj: Raw): boolean {
  return LINK_KEYS.some((k) => k in obj);
}

/** Reads the link keys present in `obj` (only those written). */
export function readLinkPatch(ctx: NormaliseContext, obj: Raw, path: ConfigPath): LinkPropsPatch {
  const p: { -readonly [K in keyof LinkProps]?: LinkProps[K] } = {};
  if ('latency' in obj) p.latencyMs = ctx.duration(obj, 'latency', path, 0);
  if ('jitter' in obj) p.jitterMs = ctx.duration(obj, 'jitter', path, 0);
  if ('loss' in obj) p.loss = ctx.probability(obj, 'loss', path, 0);
  if ('duplicate' in obj) p.duplicate = ctx.probability(obj, 'duplicate', path, 0);
  if ('bandwidth' in obj) p.bandwidthBps = ctx.bandwidth(obj, 'bandwidth', path, 'unlimited');
  if ('queue' in obj) p.queuePackets = ctx.int(obj, 'queue', DEFAULT_LINK.queuePackets);
  if ('mtu' in obj) p.mtu = ctx.int(obj, 'mtu', DEFAULT_LINK.mtu);
  if ('up' in obj) p.up = ctx.bool(obj, 'up', true);
  if ('burstLoss' in obj) p.burstLoss = readBurstLoss(ctx, obj.burstLoss, [...path, 'burstLoss']);
  if ('reorder' in obj) p.reorder = readReorder(ctx, obj.reorder, [...path, 'reorder']);
  return p;
}

/** Gilbert-Elliott parameters. */
function readBurstLoss(ctx: NormaliseContext, v: unknown, path: ConfigPath): BurstLossSpec | null {
  if (!isRaw(v)) return null;
  return {
    goodToBad: ctx.probability(v, 'goodToBad', path, 0),
    badToGood: ctx.probability(v, 'badToGood', path, 1),
    lossInBad: ctx.probability(v, 'lossInBad', path, DEFAULTS.burstLoss.lossInBad),
  };
}

/** Reordering parameters. */
function readReorder(ctx: NormaliseContext, v: unknown, path: ConfigPath): ReorderSpec | null {
  if (!isRaw(v)) return null;
  return { probability: ctx.probability(v, 'probability', path, 0), delayMs: ctx.duration(v, 'delay', path, DEFAULTS.reorderDelay) };
}

/** Applies a patch to complete properties. */
export function applyLinkPatch(base: LinkProps, patch: LinkPropsPatch): LinkProps {
  return { ...base, ...patch };
}
