/**
 * Which peer addresses a TURN server relays to (RFC 8656 §9.1: the server MAY refuse a peer address by local policy,
 * and answers CreatePermission / ChannelBind with 403 Forbidden, §10.2, §12.2). A server that relays to loopback, to
 * "this host" (0.0.0.0/8, coturn's CVE-2020-26262), to multicast, link-local or broadcast, or to its own addresses is
 * a server-side request forgery hole, so those ranges are refused by default. Rules are CIDR prefixes; the most
 * specific rule matching an address decides, and at equal length an operator's rule beats a built-in one and deny
 * beats allow. An address no rule matches is allowed.
 */
import { parseIPv4, parseIPv6 } from '../stun/ip-address';
import { TurnConfigError } from './errors';

/** A built-in range and why it is there (for docs and 403 reasons). */
export interface PeerRange {
  readonly cidr: string;
  readonly why: string;
}

/** Refused by default everywhere (RFC 8656 §9.1; RFC 6890 special-purpose ranges). */
export const DEFAULT_DENIED_PEER_RANGES: readonly PeerRange[] = [
  { cidr: '0.0.0.0/8', why: '"this host" (RFC 1122 §3.2.1.3; coturn CVE-2020-26262)' },
  { cidr: '127.0.0.0/8', why: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', why: 'link-local (RFC 3927)' },
  { cidr: '224.0.0.0/4', why: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', why: 'reserved and limited broadcast 255.255.255.255 (RFC 1112, RFC 919)' },
  { cidr: '::/128', why: 'unspecified (RFC 4291)' },
  { cidr: '::1/128', why: 'loopback (RFC 4291)' },
  { cidr: '::ffff:0:0/96', why: 'IPv4-mapped (RFC 4291 §2.5.5.2)' },
  { cidr: 'fe80::/10', why: 'link-local (RFC 4291)' },
  { cidr: 'ff00::/8', why: 'multicast (RFC 4291)' },
];

/** Private ranges, refused only when `privatePeers` is false (RFC 1918, RFC 6598, RFC 4193). */
export const PRIVATE_PEER_RANGES: readonly PeerRange[] = [
  { cidr: '10.0.0.0/8', why: 'private (RFC 1918)' },
  { cidr: '172.16.0.0/12', why: 'private (RFC 1918)' },
  { cidr: '192.168.0.0/16', why: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', why: 'shared address space, carrier-grade NAT (RFC 6598)' },
  { cidr: 'fc00::/7', why: 'unique local (RFC 4193)' },
];

/** Options of a PeerPolicy. */
export interface PeerPolicyInit {
  /** Prefixes (or single addresses) to relay to even inside a refused range, e.g. '127.0.0.1'. @default [] */
  allow?: readonly string[];
  /** Prefixes (or single addresses) never to relay to. @default [] */
  deny?: readonly string[];
  /** Relay to private ranges (PRIVATE_PEER_RANGES). @default true */
  privatePeers?: boolean;
  /** The server's own addresses (listen, relay): refused as /32 or /128, except at `ownRelayPorts`. @default [] */
  ownAddresses?: readonly string[];
  /**
   * The server's relay port range: another allocation's relayed address on this server (own address, relay port)
   * stays a valid peer, as two clients of one server relaying to each other need (ICE relay-relay pairs). The own
   * addresses are then judged with a port only: a permission (IP only, §9) is granted, and every Send indication
   * or ChannelBind to the own address outside the relay ports is refused.
   * @default none (own addresses refused at every port)
   */
  ownRelayPorts?: { readonly min: number; readonly max: number };
}

/** One rule: a prefix as bytes, its verdict and where it came from. */
interface Rule {
  readonly bytes: Uint8Array;
  readonly bits: number;
  readonly allow: boolean;
  /** Operator rules (--allow-peer / --deny-peer) win ties over built-in ones. */
  readonly operator: boolean;
  readonly text: string;
  /** Ports this rule does not apply to (the server's relay ports, for its own addresses). */
  readonly exceptPorts?: { readonly min: number; readonly max: number };
}

/** The verdict on one address. */
export interface PeerVerdict {
  readonly allowed: boolean;
  /** The deciding rule, e.g. 'deny 127.0.0.0/8: loopback (RFC 1122)'; 'no rule' when none matched. */
  readonly rule: string;
}

/** Parses 'a.b.c.d/n', 'v6::/n' or a bare address; undefined when it is neither. */
export function parsePeerPrefix(text: string): { bytes: Uint8Array; bits: number } | undefined {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const bytes = parseIPv4(m[1]) ?? parseIPv6(m[1]);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const bits = m[2] === undefined ? max : Number(m[2]);
  return bits <= max ? { bytes, bits } : undefined;
}

function inPrefix(addr: Uint8Array, rule: Rule): boolean {
  if (addr.length !== rule.bytes.length) return false;
  const full = rule.bits >> 3;
  for (let i = 0; i < full; i++) if (addr[i] !== rule.bytes[i]) return false;
  const rest = rule.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (addr[full] & mask) === (rule.bytes[full] & mask);
}

/** Decides which peers a TURN server relays to (RFC 8656 §9.1). Immutable once built. */
export class PeerPolicy {
  private readonly rules: readonly Rule[];

  /** @throws TurnConfigError naming `path.allow[i]` / `path.deny[i]` for a prefix that does not parse */
  constructor(init: PeerPolicyInit = {}, path = 'turn.peers') {
    const rules: Rule[] = [];
    const add = (text: string, allow: boolean, operator: boolean, why: string, at: string, exceptPorts?: Rule['exceptPorts']): void => {
      const p = parsePeerPrefix(text);
      if (!p) throw new TurnConfigError(at, `'${text}' is not an address or CIDR prefix (e.g. 127.0.0.1, 10.0.0.0/8, fe80::/10)`);
      rules.push({ ...p, allow, operator, text: `${allow ? 'allow' : 'deny'} ${text}${why}`, exceptPorts });
    };
    for (const r of DEFAULT_DENIED_PEER_RANGES) add(r.cidr, false, false, `: ${r.why}`, path);
    if (init.privatePeers === false) for (const r of PRIVATE_PEER_RANGES) add(r.cidr, false, false, `: ${r.why}`, path);
    const own = init.ownRelayPorts;
    const ownWhy = own ? `: the server's own address, outside its relay ports ${own.min}-${own.max}` : ": the server's own address";
    (init.ownAddresses ?? []).forEach((a, i) => add(a, false, false, ownWhy, `${path}.ownAddresses[${i}]`, own));
    (init.allow ?? []).forEach((a, i) => add(a, true, true, '', `${path}.allow[${i}]`));
    (init.deny ?? []).forEach((a, i) => add(a, false, true, '', `${path}.deny[${i}]`));
    this.rules = rules;
  }

  /** The verdict on `address` (IPv4 or IPv6 text) at `port` if known; an unparseable address is refused. */
  verdict(address: string, port?: number): PeerVerdict {
    const bytes = parseIPv4(address) ?? parseIPv6(address);
    if (!bytes) return { allowed: false, rule: `'${address}' is not an IP address` };
    let best: Rule | undefined;
    for (const r of this.rules) {
      if (!inPrefix(bytes, r)) continue;
      // An own-address rule needs the port: an IP-only question (a permission, §9) is decided on the data path.
      if (r.exceptPorts && (port === undefined || (port >= r.exceptPorts.min && port <= r.exceptPorts.max))) continue;
      if (!best || r.bits > best.bits || (r.bits === best.bits && beatsTie(r, best))) best = r;
    }
    return best ? { allowed: best.allow, rule: best.text } : { allowed: true, rule: 'no rule' };
  }

  /** True when relaying to `address` (at `port`, if known) is allowed. */
  allows(address: string, port?: number): boolean {
    return this.verdict(address, port).allowed;
  }
}

/** At equal prefix length: operator beats built-in, then deny beats allow. */
function beatsTie(r: Rule, best: Rule): boolean {
  if (r.operator !== best.operator) return r.operator;
  return !r.allow && best.allow;
}
