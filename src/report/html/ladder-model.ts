/**
 * The sequence (ladder) diagram as data: lifelines and rows, derived from the trace. Each packet id is followed
 * from station to station (sent -> link -> translated/forwarded/delivered/dropped); routers are transparent unless
 * a shown packet dies there. A hop row is drawn where the packet left (its 'link' event), so rows read in time order.
 */
import type { TraceEvent, TracePacket } from '../../sim/trace-events';
import { describeEvent, describeTranslation, formatEndpoint, formatIp } from '../event-text';
import { PacketLabel, isTcpStreamSegment, labelPacket } from '../packet-label';
import { agentSentence } from './agent-sentence';
import type { NodeKind, TopologyInfo } from '../run-record';
import { outsideIface } from './topology-layout';
import { collapseTcpStreams, relativeTcpNumbers, withTcpNumbers } from './tcp-ladder';

/** A packet travelling from one lifeline to another. `to` is undefined when it was lost going nowhere known. */
export interface HopRow {
  readonly type: 'hop';
  /** Index in the trace of the event the row is anchored at (its departure). */
  readonly idx: number;
  /** Departure time (µs). */
  readonly t: number;
  /** Arrival (or drop) time (µs). */
  readonly arrive: number;
  readonly from: string;
  readonly to: string | undefined;
  readonly pktId: number;
  readonly label: PacketLabel;
  /** `src -> dst` as on the wire. */
  readonly wire: string;
  readonly bytes: number;
  /** Set when the packet was dropped: at the `to` node, or on the link (between the two). */
  readonly drop?: { readonly reason: string; readonly detail?: string; readonly onLink: boolean };
  /** Set when the row stands for a run of TCP stream segments (tcp-ladder.ts): every packet id, in order. */
  readonly segments?: readonly number[];
}

/** A remark on one lifeline: a NAT translation, an agent event, a mapping's end. */
export interface NoteRow {
  readonly type: 'note';
  /** Index in the trace of the event the note stands for. */
  readonly idx: number;
  readonly t: number;
  readonly at: string;
  readonly text: string;
  readonly style: 'nat' | 'agent' | 'mapping';
  /** For agent notes: the agent's name (e.g. `ice`). */
  readonly agent?: string;
  /** For NAT notes: the packet translated. */
  readonly pktId?: number;
}

/** One row of the ladder. */
export type LadderRow = HopRow | NoteRow;

/** A lifeline. */
export interface Lifeline {
  readonly name: string;
  readonly kind: NodeKind | 'other';
  /** Second header line: first address, or kind. */
  readonly sub: string;
}

/** The ladder. */
export interface LadderModel {
  readonly lifelines: readonly Lifeline[];
  readonly rows: readonly LadderRow[];
  readonly packetsShown: number;
  readonly packetsTotal: number;
}

/** Options for buildLadder. */
export interface LadderInit {
  /**
   * Packets drawn (the first ones by id of first appearance); later ones are left out and the page says so.
   * `Infinity` draws every packet (the interactive report does).
   * @default 40
   */
  maxPackets?: number;
  /**
   * Left-to-right order of known lifelines (e.g. lifelineOrder of the topology layout).
   * @default topology node order
   */
  order?: readonly string[];
}

/** Where a packet is while it is followed. */
interface Track {
  at?: string;
  departT: number;
  departIdx: number;
  wire?: TracePacket;
}

class LadderBuilder {
  /** key: row sort key (index of the anchoring event) — rows sort by it. */
  readonly rows: { key: number; row: LadderRow }[] = [];
  /** key: packet id. */
  private readonly tracks = new Map<number, Track>();
  /** key: dotted IPv4; value: node name owning it. */
  private readonly owners = new Map<string, string>();
  private readonly kinds = new Map<string, NodeKind>();
  private readonly networks: Set<string>;

  constructor(topo: TopologyInfo, private readonly opaque: Set<string>) {
    for (const n of topo.nodes) {
      this.kinds.set(n.name, n.kind);
      for (const i of n.ifaces) if (!this.owners.has(i.ip)) this.owners.set(i.ip, n.name);
    }
    this.networks = new Set(topo.networks.map((n) => n.name));
  }

  /** The lifeline an event at `node` belongs to, or undefined for a transparent router. */
  station(node: string): string | undefined {
    if (this.kinds.get(node) === 'router' && !this.opaque.has(node)) return undefined;
    return node;
  }

  isNetwork(node: string): boolean {
    return this.networks.has(node) && !this.kinds.has(node);
  }

  feed(ev: TraceEvent, idx: number): void {
    if (!('pkt' in ev)) return;
    const tr = this.tracks.get(ev.pkt.id) ?? { departT: ev.t, departIdx: idx };
    this.tracks.set(ev.pkt.id, tr);
    if (ev.kind === 'sent') {
      Object.assign(tr, { at: ev.node, departT: ev.t, departIdx: idx, wire: ev.pkt });
    } else if (ev.kind === 'link') {
      tr.wire = ev.pkt;
      const st = this.station(ev.node);
      if (st === undefined) return;
      tr.at ??= st;
      if (tr.at === st) Object.assign(tr, { departT: ev.t, departIdx: idx });
    } else if (ev.kind === 'dropped' && this.isNetwork(ev.node)) {
      const to = this.owners.get(formatIp(ev.pkt.dst));
      this.hop(tr, ev.pkt, to === tr.at ? undefined : to, ev.t, { reason: ev.reason, detail: ev.detail, onLink: true });
    } else {
      const st = ev.kind === 'dropped' ? ev.node : this.station(ev.node);
      if (st === undefined) return;
      const drop = ev.kind === 'dropped' ? { reason: ev.reason, detail: ev.detail, onLink: false } : undefined;
      if (tr.at !== st || drop) this.hop(tr, ev.pkt, st, ev.t, drop);
      tr.at = st;
      if (ev.kind === 'translated') {
        const text = `${st}: ${describeTranslation(ev.before, ev.after)}`;
        this.rows.push({ key: idx, row: { type: 'note', idx, t: ev.t, at: st, style: 'nat', text, pktId: ev.pkt.id } });
      }
    }
  }

  private hop(tr: Track, pkt: TracePacket, to: string | undefined, t: number, drop?: HopRow['drop']): void {
    const w = tr.wire ?? pkt;
    this.rows.push({
      key: tr.departIdx,
      row: {
        type: 'hop', idx: tr.departIdx, t: tr.departT, arrive: t, from: tr.at ?? to ?? '?', to, pktId: pkt.id,
        label: labelPacket(pkt), bytes: pkt.payload.byteLength,
        wire: `${formatEndpoint(w.src, w.srcPort)} -> ${formatEndpoint(w.dst, w.dstPort)}`,
        ...(drop ? { drop: { reason: drop.reason, onLink: drop.onLink, ...(drop.detail ? { detail: drop.detail } : {}) } } : {}),
      },
    });
  }
}

/** Packet ids in order of first appearance. */
function packetIds(events: readonly TraceEvent[]): number[] {
  const seen = new Set<number>();
  for (const ev of events) if ('pkt' in ev) seen.add(ev.pkt.id);
  return [...seen];
}

/** Builds the ladder from the trace. */
export function buildLadder(topo: TopologyInfo, events: readonly TraceEvent[], init: LadderInit = {}): LadderModel {
  const ids = packetIds(events);
  const max = init.maxPackets ?? 40;
  const shown = new Set(max >= ids.length ? ids : ids.slice(0, max));
  const routers = new Set(topo.nodes.filter((n) => n.kind === 'router').map((n) => n.name));
  const opaque = new Set<string>();
  let lastT = -1;
  for (const ev of events) {
    if (!('pkt' in ev) || !shown.has(ev.pkt.id)) continue;
    lastT = ev.t;
    if (ev.kind === 'dropped' && routers.has(ev.node)) opaque.add(ev.node);
  }
  if (max === Infinity) lastT = Infinity; // the whole run (the interactive report): every note too
  const b = new LadderBuilder(topo, opaque);
  events.forEach((ev, idx) => {
    if ('pkt' in ev) {
      if (shown.has(ev.pkt.id)) b.feed(ev, idx);
    } else if (ev.t <= lastT && ev.kind === 'agent') {
      b.rows.push({ key: idx, row: { type: 'note', idx, t: ev.t, at: ev.node, style: 'agent', agent: ev.agent, text: `${ev.node}: ${agentSentence(ev)}` } });
    } else if (ev.t <= lastT && (ev.kind === 'mapping-expired' || ev.kind === 'mapping-flushed')) {
      b.rows.push({ key: idx, row: { type: 'note', idx, t: ev.t, at: ev.node, style: 'mapping', text: `${ev.node}: ${describeEvent(ev)}` } });
    }
  });
  const sorted = b.rows.sort((x, y) => x.key - y.key).map((r) => r.row);
  const rows = tcpRows(events, sorted);
  return { lifelines: lifelines(topo, rows, init.order), rows, packetsShown: shown.size, packetsTotal: ids.length };
}

/** TCP segments get relative seq/ack numbers, and runs of stream segments collapse (tcp-ladder.ts). */
function tcpRows(events: readonly TraceEvent[], rows: LadderRow[]): LadderRow[] {
  const stream = new Set<number>();
  let tcp = false;
  for (const ev of events) {
    if (!('pkt' in ev) || !ev.pkt.tcp) continue;
    tcp = true;
    if (isTcpStreamSegment(ev.pkt)) stream.add(ev.pkt.id);
  }
  if (!tcp) return rows;
  const numbers = relativeTcpNumbers(events);
  const labelled = rows.map((r) => (r.type === 'hop' ? withTcpNumbers(r, numbers) : r));
  return collapseTcpStreams(labelled, (id) => stream.has(id));
}

/** The lifelines the rows use, in `order`, then in topology order, then by first use. */
function lifelines(topo: TopologyInfo, rows: readonly LadderRow[], order?: readonly string[]): Lifeline[] {
  const used = new Set<string>();
  for (const r of rows) {
    if (r.type === 'hop') { used.add(r.from); if (r.to) used.add(r.to); } else used.add(r.at);
  }
  const names = [...(order ?? []), ...topo.nodes.map((n) => n.name), ...used].filter((n, i, all) => used.has(n) && all.indexOf(n) === i);
  const nodes = new Map(topo.nodes.map((n) => [n.name, n]));
  const nets = new Map(topo.networks.map((n) => [n.name, n]));
  return names.map((name) => {
    const n = nodes.get(name);
    if (!n) return { name, kind: 'other', sub: nets.has(name) ? 'network' : '' };
    return { name, kind: n.kind, sub: (outsideIface(n, nets) ?? n.ifaces[0])?.ip ?? n.kind };
  });
}
