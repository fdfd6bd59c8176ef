/**
 * The one-line JSON form of a NAT behaviour discovery result (RFC 5780 §4), as `natsim discover --json` prints it,
 * for the simulated and the real-network discover alike.
 */
import type { DiscoveryResult } from './discovery-types';

/** Exactly the keys `natsim discover --json` prints, in this order. */
export interface DiscoveryJson {
  mapping: DiscoveryResult['mapping'];
  filtering: DiscoveryResult['filtering'];
  /** A hairpinning test that could not run counts as no hairpinning. */
  hairpinning: boolean;
  mappingLifetimeMs: DiscoveryResult['mappingLifetimeMs'];
  classic: DiscoveryResult['classic'];
}

/** The `--json` object of a discovery result. */
export function discoveryJson(r: DiscoveryResult): DiscoveryJson {
  return { mapping: r.mapping, filtering: r.filtering, hairpinning: r.hairpinning === true, mappingLifetimeMs: r.mappingLifetimeMs, classic: r.classic };
}
