/**
 * Unsolicited inbound SYNs at a NAT (RFC 5382 §4, REQ-4). The SYN itself is dropped (traced by the node with the
 * table's reason). What follows is the NAT's `tcp.unsolicitedSyn` setting:
 * - 'drop': nothing (REQ-4a allows silence whenever an answer would break the NAT's security policy);
 * - 'icmp': ICMP port unreachable (type 3 code 3) back to the sender, REQ-4's SHOULD;
 * - 'rst': a TCP RST back to the sender, from the external endpoint it tried (RFC 9293 §3.10.7.1), what many
 *   devices do.
 * An answer waits `tcp.synHold` (REQ-4: at least 6 s): if an outbound SYN of the same connection (same external
 * endpoint, same remote) is translated meanwhile, the SYN was one half of a simultaneous open and gets no answer.
 */
import { Datagram, DEFAULT_TTL } from '../net/datagram';
import { ICMP_TYPE, UNREACHABLE_CODE, sendIcmpError } from '../net/icmp';
import type { NetNode } from '../net/net-node';
import { IPPROTO_TCP, TCP_FLAG, TcpHeader } from '../net/tcp-header';
import type { EventHandle } from '../sim/scheduler';
import type { NatTraceEvent } from './nat-trace-kinds';
import type { UnsolicitedSyn } from './nat-tcp-config';

/** A SYN waiting for its answer. */
interface Held {
  readonly syn: Datagram;
  readonly handle: EventHandle;
}

/** RFC 9293 §3.10.7.1: the RST answering `seg` sent to a closed port. */
export function resetFor(seg: Datagram, id: number): Datagram {
  const t = seg.tcp!;
  let header: TcpHeader;
  if (t.flags & TCP_FLAG.ACK) {
    header = { seq: t.ack, ack: 0, flags: TCP_FLAG.RST, window: 0 };
  } else {
    // SEG.LEN counts the data and the SYN and FIN flags (RFC 9293 §3.4).
    const len = seg.payload.byteLength + (t.flags & TCP_FLAG.SYN ? 1 : 0) + (t.flags & TCP_FLAG.FIN ? 1 : 0);
    header = { seq: 0, ack: (t.seq + len) >>> 0, flags: TCP_FLAG.RST | TCP_FLAG.ACK, window: 0 };
  }
  return new Datagram(id, seg.dst, seg.dstPort, seg.src, seg.srcPort, DEFAULT_TTL, new Uint8Array(0), false,
    IPPROTO_TCP, header);
}

/** Answers (or not) unsolicited SYNs for one NAT node. */
export class UnsolicitedSynAnswers {
  /** key: endpointKey(external ip, port) the SYN was sent to → SYNs held for an answer. */
  private readonly held = new Map<number, Held[]>();

  constructor(private readonly node: NetNode) {}

  /** SYNs waiting for an answer (for tests and snapshots). */
  get pending(): number {
    let n = 0;
    for (const list of this.held.values()) n += list.length;
    return n;
  }

  /** Handles the unsolicited SYN `syn` (already traced as dropped) per `mode`, after `holdMs`. */
  unsolicited(syn: Datagram, mode: UnsolicitedSyn, holdMs: number): void {
    if (mode === 'drop') return;
    const key = syn.dst * 65536 + syn.dstPort;
    const handle = this.node.sim.scheduler.schedule(Math.round(holdMs * 1000), () => {
      this.forget(key, syn);
      this.answer(syn, mode);
    });
    let list = this.held.get(key);
    if (list === undefined) this.held.set(key, (list = []));
    list.push({ syn, handle });
  }

  /**
   * An outbound SYN was translated to externalIp:externalPort -> remoteIp:remotePort: a SYN held from that remote
   * to that external endpoint gets no answer (REQ-4: it was the other half of a simultaneous open).
   */
  outboundSyn(externalIp: number, externalPort: number, remoteIp: number, remotePort: number): void {
    const key = externalIp * 65536 + externalPort;
    const list = this.held.get(key);
    if (list === undefined) return;
    const keep = list.filter((h) => {
      if (h.syn.src !== remoteIp || h.syn.srcPort !== remotePort) return true;
      h.handle.cancel();
      return false;
    });
    if (keep.length === 0) this.held.delete(key);
    else this.held.set(key, keep);
  }

  /** Forgets every held SYN (a NAT reboot). */
  clear(): void {
    for (const list of this.held.values()) for (const h of list) h.handle.cancel();
    this.held.clear();
  }

  private forget(key: number, syn: Datagram): void {
    const list = this.held.get(key);
    if (list === undefined) return;
    const keep = list.filter((h) => h.syn !== syn);
    if (keep.length === 0) this.held.delete(key);
    else this.held.set(key, keep);
  }

  private answer(syn: Datagram, mode: 'rst' | 'icmp'): void {
    const node = this.node;
    if (mode === 'icmp') return sendIcmpError(node, syn, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.port);
    const rst = resetFor(syn, node.sim.packetId());
    const trace = node.sim.trace;
    if (trace.full) trace.record({ kind: 'sent', t: node.sim.now, node: node.name, pkt: rst } satisfies NatTraceEvent);
    node.route(rst);
  }
}
