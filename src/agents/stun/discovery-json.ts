/**
 * The one-line JSON form of a NAT behaviour discovery result (RFC 5780 §4), as `natsim discover --json` prints it,
 * for the simulated and the real-network discover alike.
 */
import type { DiscoveryResult } from './discovery-types';

/** Exactly the keys `natsim discover --json` prints, in this order (`unfinished` only for a run stopped early). */
export interface DiscoveryJson {
  mapping: DiscoveryResult['mapping'];
  filtering: DiscoveryResult['filtering'];
  /** A hairpinning test that could not run counts as no hairpinning. */
  hairpinning: boolean;
  mappingLifetimeMs: DiscoveryResult['mappingLifetimeMs'];
  classic: DiscoveryResult['classic'];
  /** Only when the run was stopped early (`discover --server --timeout`): the steps that did not finish. */
  unfinished?: DiscoveryResult['unfinished'];
}

/** The `--json` object of a discovery result. */
export function discoveryJson(r: DiscoveryResult): DiscoveryJson {
  const j: DiscoveryJson = { mapping: r.mapping, filtering: r.filtering, hairpinning: r.hairpinning === true, mappingLifetimeMs: r.mappingLifetimeMs, classic: r.classic };
  if (r.unfinished) j.unfinished = r.unfinished;
  return j;
}
