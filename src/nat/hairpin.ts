/**
 * Hairpinning (RFC 4787 §6): a packet from one internal endpoint to the NAT's own external address of another.
 * REQ-9: a NAT MUST support it; REQ-9a: the looped-back packet's source MUST be the sender's mapped address,
 * so the receiver sees what it would see from outside. natsim does both legs on the table: outbound for the
 * sender (mapping created or refreshed, remote = the destination's external address), then inbound on the
 * destination's mapping with the sender's mapped address as remote (so the receiver's filtering applies).
 */
import type { HairpinResult } from './nat-results';
import type { NatTable } from './nat-table';

const HAIRPIN_OFF: HairpinResult = Object.freeze({ ok: false, reason: 'nat-hairpin-off' });

/**
 * The decision for a hairpinned packet from internalIp:internalPort to dstIp:dstPort (one of the table's
 * external addresses). With hairpinning off it is dropped with 'nat-hairpin-off' and no state changes. On a TCP
 * table (RFC 5382 §6 REQ-7) `tcpFlags` (>= 0) are the segment's flags: both legs track the connection.
 */
export function hairpinDecision(table: NatTable, now: number, internalIp: number, internalPort: number,
  dstIp: number, dstPort: number, tcpFlags = -1): HairpinResult {
  if (!table.config.hairpinning) return HAIRPIN_OFF;
  const out = tcpFlags < 0 ? table.outbound(now, internalIp, internalPort, dstIp, dstPort)
    : table.outboundTcp(now, internalIp, internalPort, dstIp, dstPort, tcpFlags);
  if (!out.ok) return out;
  const inn = tcpFlags < 0 ? table.inbound(now, dstIp, dstPort, out.externalIp, out.externalPort)
    : table.inboundTcp(now, dstIp, dstPort, out.externalIp, out.externalPort, tcpFlags);
  if (!inn.ok) return { ok: false, reason: inn.reason, outbound: out };
  return {
    ok: true,
    srcIp: out.externalIp,
    srcPort: out.externalPort,
    internalIp: inn.internalIp,
    internalPort: inn.internalPort,
    created: out.created,
    mapping: out.mapping,
    target: inn.mapping,
  };
}
