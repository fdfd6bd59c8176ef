/**
 * The NAT kinds of the connectivity matrix. The 7 named kinds follow libwebrtc's P2PTransportChannel matrix (UDP):
 * OPEN, CONE, ADDR, PORT, SYMM, 2CON (cone behind cone) and SCON (cone behind symmetric). The 9 RFC 4787 kinds are
 * every mapping × filtering combination, named `<mapping>-<filtering>` with eim/adm/apdm and eif/adf/apdf.
 */
import type { FilteringBehavior, MappingBehavior, NatInit } from '../nat/nat-config';
import type { NatStack, SideSpec } from './pair-world';

/** The named NAT kinds, in table order. */
export const MATRIX_NATS = [
  'open',
  'full-cone',
  'restricted-cone',
  'port-restricted-cone',
  'symmetric',
  'cone-behind-cone',
  'cone-behind-symmetric',
] as const;

/** One of MATRIX_NATS. */
export type MatrixNat = (typeof MATRIX_NATS)[number];

const SHORT: Readonly<Record<MappingBehavior, string>> = {
  'endpoint-independent': 'ei',
  'address-dependent': 'ad',
  'address-and-port-dependent': 'apd',
};

/** The 9 mapping × filtering kinds (RFC 4787 §4.1, §5), e.g. 'eim-apdf'; mapping major, in RFC order. */
export const BEHAVIOR_NATS: readonly string[] = (['endpoint-independent', 'address-dependent', 'address-and-port-dependent'] as const).flatMap(
  (m) => (['endpoint-independent', 'address-dependent', 'address-and-port-dependent'] as const).map((f) => `${SHORT[m]}m-${SHORT[f]}f`),
);

/**
 * The address-family kinds (issue 11): `ipv6-firewall`, an IPv6-only host behind an RFC 6092 IPv6 firewall (no
 * translation); `nat64`, an IPv6-only host behind a stateful NAT64 (RFC 6146) that also routes IPv6 natively, the
 * host knowing the prefix 64:ff9b::/96 (RFC 7050); `dual-stack`, a dual-stack host behind a home router with a
 * port-restricted-cone IPv4 NAT and an RFC 6092 IPv6 firewall.
 */
export const FAMILY_NATS = ['ipv6-firewall', 'nat64', 'dual-stack'] as const;

/** One of FAMILY_NATS. */
export type FamilyNat = (typeof FAMILY_NATS)[number];

/** True for a name in FAMILY_NATS. */
export function isFamilyNat(name: string): name is FamilyNat {
  return (FAMILY_NATS as readonly string[]).includes(name);
}

/** A side of a pair world for any kind name: an IPv4 NAT stack, or an address-family kind. */
export function sideSpec(name: string): SideSpec {
  return isFamilyNat(name) ? { family: name } : natStack(name);
}

/** True for a name in MATRIX_NATS. */
export function isMatrixNat(name: string): name is MatrixNat {
  return (MATRIX_NATS as readonly string[]).includes(name);
}

/** True for a name in BEHAVIOR_NATS. */
export function isBehaviorNat(name: string): boolean {
  return BEHAVIOR_NATS.includes(name);
}

/** Every name sideSpec() accepts (natStack() takes all but FAMILY_NATS). */
export function knownNatNames(): string[] {
  return [...MATRIX_NATS, ...BEHAVIOR_NATS, ...FAMILY_NATS];
}

/**
 * The NATs (outermost first) for a kind name. The behaviour kinds use port preservation under endpoint-
 * independent mapping and random ports otherwise (a symmetric NAT's usual shape).
 * @throws RangeError for an unknown name (callers check with knownNatNames() first)
 */
export function natStack(name: string): NatStack {
  switch (name) {
    case 'open':
      return [];
    case 'full-cone':
    case 'restricted-cone':
    case 'port-restricted-cone':
    case 'symmetric':
      return [{ preset: name }];
    case 'cone-behind-cone':
      return [{ preset: 'full-cone' }, { preset: 'full-cone' }];
    case 'cone-behind-symmetric':
      return [{ preset: 'symmetric' }, { preset: 'full-cone' }];
    default:
      return [behaviorNat(name)];
  }
}

function behaviorNat(name: string): NatInit {
  const byShort = (s: string): MappingBehavior | undefined => (Object.keys(SHORT) as MappingBehavior[]).find((k) => SHORT[k] === s);
  const m = /^(ei|ad|apd)m-(ei|ad|apd)f$/.exec(name);
  const mapping = m ? byShort(m[1]) : undefined;
  const filtering: FilteringBehavior | undefined = m ? byShort(m[2]) : undefined;
  if (!mapping || !filtering) throw new RangeError(`unknown matrix NAT '${name}'; valid: ${knownNatNames().join(', ')}`);
  return { mapping, filtering, portAssignment: mapping === 'endpoint-independent' ? 'preserve' : 'random' };
}
