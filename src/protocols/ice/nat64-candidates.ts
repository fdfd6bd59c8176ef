/**
 * Remote IPv4 candidates for an IPv6-only agent behind a NAT64 (RFC 6146). Pairs form only within one address family
 * (RFC 8445 §6.1.2.2), so such an agent could never pair with a peer's IPv4 candidates; RFC 8445 §5.1.1.1 lets it
 * reach them through the NAT64 instead, by synthesising the IPv6 address that names each one under the NAT64 prefix
 * (RFC 6052 §2.2). The checks go to that address, the NAT64 translates them to the peer's IPv4 candidate, and the
 * answers come back from it. How the agent learns the prefix (RFC 7050 in real life) is configuration in natsim.
 */
import { formatIp } from '../../net/ip-number';
import { tryParseIpv4 } from '../../net/ipv4';
import { isNonGlobalIpv4, type Nat64Prefix } from '../../net/nat64-prefix';
import type { Candidate } from './candidate';

/**
 * The IPv6 twin of a remote IPv4 candidate under `prefix`: same type, component, transport, tcptype, priority and
 * foundation, the address synthesised (RFC 6052 §2.2), the base set to itself as for any remote candidate. Undefined
 * for a candidate that is not IPv4, or whose address the prefix may not carry (a non-global IPv4 address under the
 * Well-Known Prefix, RFC 6052 §3.1).
 */
export function synthesizeNat64Candidate(c: Candidate, prefix: Nat64Prefix): Candidate | undefined {
  const v4 = tryParseIpv4(c.address);
  if (v4 === undefined || (prefix.wellKnown && isNonGlobalIpv4(v4))) return undefined;
  const address = formatIp(prefix.embed(v4));
  return { ...c, address, baseAddress: address, basePort: c.port };
}
