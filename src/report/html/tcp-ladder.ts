/**
 * TCP in the sequence diagram: sequence and acknowledgement numbers relative to each side's initial sequence number
 * (as Wireshark shows them by default; RFC 9293 §3.4), and a stream's data segments collapsed into one row per
 * direction, so a transfer of hundreds of segments reads as "→ 120 segments, 144,000 B" instead of 240 arrows.
 * Handshake, FIN and RST segments, and every dropped segment, always keep their own row.
 */
import type { TraceEvent, TracePacket } from '../../sim/trace-events';
import { endpointNumberText } from '../../sim/address-numbers';
import type { HopRow, LadderRow } from './ladder-model';

/** Smallest run of stream segments between the same two lifelines that is collapsed into one row. */
export const COLLAPSE_MIN = 3;

/** uint32 difference (sequence space is mod 2^32, RFC 9293 §3.4). */
function rel(a: number, b: number): number {
  return (a - b + 2 ** 32) % 2 ** 32;
}

/**
 * Relative seq/ack text per packet id, from the trace: a segment's seq is relative to its sender's ISN (the seq of
 * the SYN sent on the same socket tuple), its ack to the ISN of the SYN the sender received on the reverse tuple
 * (the tuple as delivered to the sender, so NAT translation in between does not matter).
 */
export function relativeTcpNumbers(events: readonly TraceEvent[]): Map<number, string> {
  /** key: `src>dst` as the sender sent it -> its ISN. */
  const sentIsn = new Map<string, number>();
  /** key: `src>dst` as delivered to a receiver -> the sender's ISN. */
  const deliveredIsn = new Map<string, number>();
  const out = new Map<number, string>();
  const tuple = (p: TracePacket, reverse: boolean): string => reverse
    ? `${endpointNumberText(p.dst, p.dstPort)}>${endpointNumberText(p.src, p.srcPort)}`
    : `${endpointNumberText(p.src, p.srcPort)}>${endpointNumberText(p.dst, p.dstPort)}`;
  for (const ev of events) {
    if ((ev.kind !== 'sent' && ev.kind !== 'delivered') || !ev.pkt.tcp) continue;
    const p = ev.pkt;
    const h = p.tcp!;
    const syn = (h.flags & 0x02) !== 0;
    if (ev.kind === 'delivered') {
      if (syn) deliveredIsn.set(tuple(p, false), h.seq);
      continue;
    }
    const key = tuple(p, false);
    if (syn) sentIsn.set(key, h.seq);
    const isn = sentIsn.get(key);
    const peer = deliveredIsn.get(tuple(p, true));
    const seq = isn === undefined ? `seq=${h.seq}` : `seq=${rel(h.seq, isn)}`;
    const ack = (h.flags & 0x10) === 0 ? '' : peer === undefined ? ` ack=${h.ack}` : ` ack=${rel(h.ack, peer)}`;
    out.set(p.id, `${seq}${ack}${p.payload.byteLength ? ` len=${p.payload.byteLength}` : ''}`);
  }
  return out;
}

/** The label of a TCP hop row with its relative numbers appended (`TCP SYN-ACK seq=0 ack=1`). */
export function withTcpNumbers(row: HopRow, numbers: ReadonlyMap<number, string>): HopRow {
  const n = numbers.get(row.pktId);
  return n === undefined ? row : { ...row, label: { ...row.label, text: `${row.label.text} ${n}` } };
}

/** One run being collected: consecutive stream rows between the same two lifelines. */
interface Run {
  readonly ends: string;
  readonly rows: HopRow[];
}

/**
 * Collapses runs of at least COLLAPSE_MIN consecutive TCP stream segments (data or bare ACKs, none dropped)
 * between the same two lifelines into one row per direction; the row keeps the first segment's packet id (the
 * interactive report opens it) and lists every id in `segments`.
 * @param isStream whether the row is a TCP stream segment (looked up by packet id)
 */
export function collapseTcpStreams(rows: readonly LadderRow[], isStream: (pktId: number) => boolean): LadderRow[] {
  const out: LadderRow[] = [];
  let run: Run | undefined;
  const flush = (): void => {
    if (!run) return;
    if (run.rows.length < COLLAPSE_MIN) out.push(...run.rows);
    else {
      for (const dir of [run.rows[0].from, run.rows.find((r) => r.from !== run!.rows[0].from)?.from]) {
        const mine = run.rows.filter((r) => r.from === dir);
        if (mine.length === 0) continue;
        out.push(mine.length === 1 ? mine[0] : collapsed(mine));
      }
    }
    run = undefined;
  };
  for (const row of rows) {
    if (row.type !== 'hop' || row.drop || row.to === undefined || !isStream(row.pktId)) {
      flush();
      out.push(row);
      continue;
    }
    const ends = [row.from, row.to].sort().join('|');
    if (run && run.ends !== ends) flush();
    (run ??= { ends, rows: [] }).rows.push(row);
  }
  flush();
  return out;
}

function collapsed(rows: readonly HopRow[]): HopRow {
  const first = rows[0];
  const last = rows[rows.length - 1];
  const bytes = rows.reduce((n, r) => n + r.bytes, 0);
  const data = rows.filter((r) => r.bytes > 0).length;
  const what = data === 0 ? `${rows.length} ACKs` : `${rows.length} segments, ${bytes.toLocaleString('en-US')} B`;
  return {
    ...first,
    arrive: last.arrive,
    bytes,
    label: { kind: 'tcp', text: `TCP stream: ${what}` },
    segments: rows.map((r) => r.pktId),
  };
}
