/**
 * Link properties in the scenario format's terms (milliseconds, `jitterMs` as "up to this much extra delay") to the
 * network layer's LinkProps (src/net/link-props.ts), whose jitter is symmetric around the latency.
 */
import type { LinkProps as NetLinkProps } from '../../net/link-props';
import type { LinkProps, LinkPropsPatch } from '../format/spec-types';

/** Burst loss that never loses: how a run-time `burstLoss: null` is expressed to a channel (which keeps set keys). */
const NO_BURST_LOSS = Object.freeze({ pGoodToBad: 0, pBadToGood: 1, lossInBad: 0 });

/**
 * Complete format link properties as net LinkProps. The format's jitter adds a uniform 0..jitter to the latency;
 * the channel adds uniform(-j, +j), so the channel gets latency + jitter/2 and j = jitter/2 (same range).
 */
export function netLinkProps(p: LinkProps): NetLinkProps {
  return {
    latency: p.latencyMs + p.jitterMs / 2,
    jitter: p.jitterMs / 2,
    loss: p.loss,
    burstLoss: p.burstLoss
      ? { pGoodToBad: p.burstLoss.goodToBad, pBadToGood: p.burstLoss.badToGood, lossInBad: p.burstLoss.lossInBad }
      : NO_BURST_LOSS,
    duplicate: p.duplicate,
    reorder: p.reorder?.probability ?? 0,
    reorderDelay: p.reorder?.delayMs ?? 10,
    bandwidth: p.bandwidthBps,
    queue: p.queuePackets,
    mtu: p.mtu,
    up: p.up,
  };
}

/** Like netLinkProps, but leaves burst loss unset when there is none (a fresh channel needs no placeholder). */
export function initialNetLinkProps(p: LinkProps): NetLinkProps {
  const out = netLinkProps(p);
  if (!p.burstLoss) delete out.burstLoss;
  return out;
}

/** `base` with the keys written in `patch` replaced. */
export function patchLinkProps(base: LinkProps, patch: LinkPropsPatch): LinkProps {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out as unknown as LinkProps;
}
