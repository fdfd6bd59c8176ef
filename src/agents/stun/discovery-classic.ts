/**
 * The classic RFC 3489 label from RFC 5780 results. RFC 3489 §10.1 runs the filtering test before comparing
 * mappings, so it calls a NAT with address-and-port-dependent mapping but endpoint-independent filtering a
 * "full cone"; RFC 3489 §5 defines full cone as one mapping per internal address and port, so natsim checks
 * mapping first: every non-endpoint-independent mapping is 'symmetric'. Without a NAT, endpoint-independent
 * filtering is 'open' and anything stricter a 'symmetric-udp-firewall'.
 */
import type { ClassicNatType, NatBehavior } from './discovery-types';

/** The facts the label depends on. */
export interface ClassicInputs {
  readonly udpReachable: boolean;
  readonly natPresent: boolean | null;
  readonly mapping: NatBehavior | null;
  readonly filtering: NatBehavior | null;
}

/** RFC 3489 §5 filtering-based cone names under endpoint-independent mapping. */
const CONE: Readonly<Record<NatBehavior, ClassicNatType>> = {
  'endpoint-independent': 'full-cone',
  'address-dependent': 'restricted-cone',
  'address-and-port-dependent': 'port-restricted-cone',
};

/** The RFC 3489 label; 'unknown' when the needed tests could not run. */
export function classicNatType(r: ClassicInputs): ClassicNatType {
  if (!r.udpReachable) return 'udp-blocked';
  if (r.natPresent === false) {
    if (r.filtering === null) return 'unknown';
    return r.filtering === 'endpoint-independent' ? 'open' : 'symmetric-udp-firewall';
  }
  if (r.mapping === null) return 'unknown';
  if (r.mapping !== 'endpoint-independent') return 'symmetric';
  return r.filtering === null ? 'unknown' : CONE[r.filtering];
}
