/**
 * IPv4 reassembly at a receiving host (RFC 791 §3.2, RFC 815): fragments with the same source, destination and
 * identification are collected until the pieces cover the datagram from offset 0 to the last fragment (More
 * Fragments clear); then the UDP datagram is rebuilt from the first fragment's UDP header and delivered. A datagram
 * still incomplete after the reassembly timeout is dropped ('reassembly-timeout'); when its first fragment had
 * arrived the host answers ICMP time exceeded, code 1 (RFC 792, RFC 1122 §3.3.2).
 */
import { SECOND } from '../sim/time';
import type { Sim } from '../sim/sim';
import type { EventHandle } from '../sim/scheduler';
import { Datagram } from './datagram';
import type { FragmentDatagram } from './ipv4-fragments';

/** Linux's default reassembly timeout (net.ipv4.ipfrag_time = 30 s); RFC 1122 §3.3.2 suggests 60-120 s. */
export const REASSEMBLY_TIMEOUT_US = 30 * SECOND;

interface Pending {
  readonly pieces: FragmentDatagram[];
  /** Total IP payload length, known once the last fragment (MF clear) arrived. */
  total?: number;
  readonly timer: EventHandle;
}

/** What the host hears from its reassembly buffer. */
export interface ReassemblySink {
  /** A datagram is complete. */
  complete(pkt: Datagram): void;
  /** A datagram timed out; `first` is its first fragment when that had arrived. */
  timedOut(last: FragmentDatagram, first: FragmentDatagram | undefined): void;
}

/** The reassembly buffer of one host. */
export class Reassembly {
  /** Datagrams being reassembled. key: `src dst id` (RFC 791: source, destination, protocol, identification). */
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly sim: Sim, private readonly sink: ReassemblySink, private readonly timeoutUs = REASSEMBLY_TIMEOUT_US) {}

  /** Takes one fragment; calls sink.complete when it finishes a datagram. */
  add(f: FragmentDatagram): void {
    const key = `${f.src} ${f.dst} ${f.id}`;
    let p = this.pending.get(key);
    if (!p) {
      const entry: Pending = { pieces: [], timer: this.sim.scheduler.schedule(this.timeoutUs, () => this.expire(key, entry)) };
      p = entry;
      this.pending.set(key, p);
    }
    if (p.pieces.some((x) => x.frag.offset === f.frag.offset)) return; // a duplicate
    p.pieces.push(f);
    if (!f.frag.more) p.total = f.frag.offset + f.payload.byteLength;
    const whole = p.total === undefined ? undefined : assemble(p.pieces, p.total);
    if (!whole) return;
    p.timer.cancel();
    this.pending.delete(key);
    this.sink.complete(whole);
  }

  private expire(key: string, p: Pending): void {
    if (this.pending.get(key) !== p) return;
    this.pending.delete(key);
    this.sink.timedOut(p.pieces[p.pieces.length - 1], p.pieces.find((x) => x.frag.offset === 0));
  }
}

/** The datagram when `pieces` cover 0..total without a gap, else undefined. */
function assemble(pieces: FragmentDatagram[], total: number): Datagram | undefined {
  const sorted = [...pieces].sort((a, b) => a.frag.offset - b.frag.offset);
  let covered = 0;
  for (const p of sorted) {
    if (p.frag.offset > covered) return undefined;
    covered = Math.max(covered, p.frag.offset + p.payload.byteLength);
  }
  if (covered < total || sorted[0].frag.offset !== 0) return undefined;
  const bytes = new Uint8Array(total);
  for (const p of sorted) bytes.set(p.payload.subarray(0, total - p.frag.offset), p.frag.offset);
  const first = sorted[0];
  // The UDP header is the first 8 bytes: ports from it, data after it.
  return new Datagram(first.id, first.src, first.srcPort, first.dst, first.dstPort, first.ttl, bytes.subarray(8), first.df);
}
