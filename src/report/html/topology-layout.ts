/**
 * A deterministic layout of the topology: public networks on top, each NAT (or firewall) under the network its
 * outside interface is on, its inside networks under it, private hosts at the bottom. Sizes are computed from
 * text lengths only (no font metrics), so the same topology always gives the same picture.
 */
import type { IfaceInfo, NetworkInfo, NodeInfo, TopologyInfo } from '../run-record';

/** Approximate advance of one character at the box font sizes (px); monospace 16px is 9.6. */
export const CHAR_W = 9.8;
/** Box line height (px). */
export const LINE_H = 24;
const GAP_X = 36;
const GAP_Y = 56;
const BAR_H = 38;
const MARGIN = 24;

/** A node with its box. `x` is the box centre, `y` its top. */
export interface PlacedNode {
  readonly node: NodeInfo;
  x: number;
  y: number;
  readonly w: number;
  readonly h: number;
  /** 0 for nodes above the top networks, growing downwards. */
  tier: number;
  /** Interface lines shown in the box. */
  readonly lines: readonly string[];
}

/** A network bar. `y` is its top. */
export interface PlacedNet {
  readonly net: NetworkInfo;
  x1: number;
  x2: number;
  y: number;
  /** 0 for top networks, +1 per NAT crossed. */
  readonly depth: number;
  /** True when the prefix is not in RFC 1918 or RFC 6598 space. */
  readonly isPublic: boolean;
}

/** The whole picture. */
export interface TopologyLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly nets: readonly PlacedNet[];
  /** Bar height (px). */
  readonly barH: number;
}

/** 2 for RFC 1918 space, 1 for RFC 6598 shared space (100.64.0.0/10, CGNAT), 0 for anything else. */
export function privateRank(cidr: string): number {
  const [a, b] = cidr.split('/')[0].split('.').map(Number);
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 2;
  if (a === 100 && b >= 64 && b <= 127) return 1;
  return 0;
}

/** The outside interface of a NAT or firewall: the one marked so, else the one on the least private network. */
export function outsideIface(node: NodeInfo, nets: ReadonlyMap<string, NetworkInfo>): IfaceInfo | undefined {
  if (node.kind !== 'nat' && node.kind !== 'firewall') return undefined;
  if (node.ifaces.length < 2) return undefined;
  const marked = node.ifaces.find((i) => i.role === 'outside');
  if (marked) return marked;
  let best = node.ifaces[node.ifaces.length - 1];
  const rank = (i: IfaceInfo): number => privateRank(nets.get(i.network)?.cidr ?? '0.0.0.0/0');
  for (const i of node.ifaces) if (rank(i) < rank(best)) best = i;
  return best;
}

/** The text lines of a node's box after its name and kind line. */
function ifaceLines(node: NodeInfo, outside: IfaceInfo | undefined): string[] {
  return node.ifaces.map((i) => {
    const side = outside ? (i === outside ? 'out' : 'in') : i.name;
    return `${side} ${i.ip}`;
  });
}

/** The kind line of a node's box: `NAT · port-restricted`, `STUN server`, ... */
export function kindLine(node: NodeInfo): string {
  const names = { host: 'host', router: 'router', nat: 'NAT', firewall: 'firewall', 'stun-server': 'STUN server', 'turn-server': 'TURN server' };
  return node.detail ? `${names[node.kind]} · ${node.detail}` : names[node.kind];
}

/** A network in the drawing tree with what hangs below it (and, for top networks, above it). */
interface NetItem {
  readonly net: NetworkInfo;
  readonly depth: number;
  /** Plain nodes drawn above the bar (top networks only). */
  readonly above: NodeInfo[];
  /** Plain nodes and gateways below the bar, in topology order. */
  readonly below: (NodeInfo | GatewayItem)[];
}

/** A NAT or firewall with the networks on its inside. */
interface GatewayItem {
  readonly gateway: NodeInfo;
  readonly nets: NetItem[];
}

function isGateway(x: NodeInfo | GatewayItem): x is GatewayItem {
  return 'gateway' in x;
}

/** Builds the drawing tree: top networks, the gateways below them, their inside networks, and so on. */
function buildTree(topo: TopologyInfo, nets: ReadonlyMap<string, NetworkInfo>): { roots: NetItem[]; orphans: NodeInfo[] } {
  const hang = new Map<string, NodeInfo[]>(topo.networks.map((n) => [n.name, []])); // key: network; nodes below it
  const insideOf = new Map<string, string[]>(); // key: gateway name; its inside networks
  const hasParent = new Set<string>(); // networks that are some gateway's inside
  const orphans: NodeInfo[] = [];
  for (const node of topo.nodes) {
    const out = outsideIface(node, nets);
    const home = out ?? node.ifaces.find((i) => hang.has(i.network));
    if (!home || !hang.has(home.network)) { orphans.push(node); continue; }
    hang.get(home.network)!.push(node);
    if (!out) continue;
    const ins = node.ifaces.filter((i) => i !== out && hang.has(i.network) && i.network !== out.network)
      .map((i) => i.network).filter((n, k, all) => all.indexOf(n) === k && !hasParent.has(n));
    ins.forEach((n) => hasParent.add(n));
    insideOf.set(node.name, ins);
  }
  const placed = new Set<string>(); // networks already in the tree (guards gateway cycles)
  const grow = (name: string, depth: number): NetItem => {
    placed.add(name);
    const item: NetItem = { net: nets.get(name)!, depth, above: [], below: [] };
    for (const node of hang.get(name)!) {
      const ins = insideOf.get(node.name);
      if (ins) {
        const gw: GatewayItem = { gateway: node, nets: [] };
        for (const n of ins) if (!placed.has(n)) gw.nets.push(grow(n, depth + 1));
        item.below.push(gw);
      } else if (depth === 0) item.above.push(node);
      else item.below.push(node);
    }
    return item;
  };
  const roots: NetItem[] = [];
  for (const n of topo.networks) if (!hasParent.has(n.name) && !placed.has(n.name)) roots.push(grow(n.name, 0));
  for (const n of topo.networks) if (!placed.has(n.name)) roots.push(grow(n.name, 0));
  return { roots, orphans };
}

/** Box sizes shared by every node. */
interface Metrics {
  readonly boxW: number;
  readonly slot: number;
}

/** Advance of one character of a bar label (18px bold). */
export const BAR_CHAR_W = 11.6;

/** The text on a network bar: name, prefix and whether it is public or private. */
export function barLabel(net: NetworkInfo): string {
  return `${net.name}  ${net.cidr}  ${privateRank(net.cidr) === 0 ? 'public' : 'private'}`;
}

function widthOfNet(item: NetItem, m: Metrics): number {
  const label = barLabel(item.net).length * BAR_CHAR_W + 40 + GAP_X;
  const below = item.below.reduce((s, x) => s + (isGateway(x) ? widthOfGateway(x, m) : m.slot), 0);
  return Math.max(m.slot, label, below, item.above.length * m.slot);
}

function widthOfGateway(gw: GatewayItem, m: Metrics): number {
  return Math.max(m.slot, gw.nets.reduce((s, n) => s + widthOfNet(n, m), 0));
}

/** Collects placed boxes and bars; x only (rows get their y afterwards). */
class Placer {
  readonly nodes: PlacedNode[] = [];
  readonly nets: PlacedNet[] = [];

  constructor(private readonly m: Metrics, private readonly lines: (n: NodeInfo) => string[]) {}

  box(node: NodeInfo, x: number, tier: number): void {
    const lines = this.lines(node);
    this.nodes.push({ node, x, y: 0, w: this.m.boxW, h: 16 + LINE_H * (2 + lines.length), tier, lines });
  }

  net(item: NetItem, x0: number, width: number): void {
    this.nets.push({
      net: item.net, x1: x0 + GAP_X / 2, x2: x0 + width - GAP_X / 2, y: 0, depth: item.depth,
      isPublic: privateRank(item.net.cidr) === 0,
    });
    let ax = x0 + (width - item.above.length * this.m.slot) / 2;
    for (const n of item.above) { this.box(n, ax + this.m.slot / 2, 0); ax += this.m.slot; }
    const widths = item.below.map((x) => (isGateway(x) ? widthOfGateway(x, this.m) : this.m.slot));
    let bx = x0 + (width - widths.reduce((s, w) => s + w, 0)) / 2;
    item.below.forEach((x, k) => {
      if (isGateway(x)) this.gateway(x, bx, widths[k], item.depth + 1);
      else this.box(x, bx + widths[k] / 2, item.depth + 1);
      bx += widths[k];
    });
  }

  private gateway(gw: GatewayItem, x0: number, width: number, tier: number): void {
    this.box(gw.gateway, x0 + width / 2, tier);
    const widths = gw.nets.map((n) => widthOfNet(n, this.m));
    let x = x0 + (width - widths.reduce((s, w) => s + w, 0)) / 2;
    gw.nets.forEach((n, k) => { this.net(n, x, widths[k]); x += widths[k]; });
  }
}

/** Gives every row its y: tier 0 boxes, bar row 0, tier 1 boxes, bar row 1, ... Returns the total height. */
function stackRows(p: Placer): number {
  const maxTier = Math.max(0, ...p.nodes.map((n) => n.tier), ...p.nets.map((n) => n.depth + 1));
  let y = MARGIN;
  for (let tier = 0; tier <= maxTier; tier++) {
    const row = p.nodes.filter((n) => n.tier === tier);
    if (row.length > 0) {
      const h = Math.max(...row.map((n) => n.h));
      for (const n of row) n.y = y + (tier === 0 ? h - n.h : 0); // top row sits on its bar
      y += h + GAP_Y;
    }
    const bars = p.nets.filter((n) => n.depth === tier);
    if (bars.length > 0) {
      for (const b of bars) b.y = y;
      y += BAR_H + GAP_Y;
    }
  }
  return y - GAP_Y + MARGIN;
}

/** Lays out a topology. */
export function layoutTopology(topo: TopologyInfo): TopologyLayout {
  const nets = new Map(topo.networks.map((n) => [n.name, n]));
  const lineOf = (n: NodeInfo): string[] => ifaceLines(n, outsideIface(n, nets));
  const longest = Math.max(12, ...topo.nodes.flatMap((n) => [n.name.length * 1.1, kindLine(n).length, ...lineOf(n).map((l) => l.length)]));
  const boxW = Math.round(Math.min(330, Math.max(200, longest * CHAR_W + 28)));
  const m: Metrics = { boxW, slot: boxW + GAP_X };
  const { roots, orphans } = buildTree(topo, nets);
  const p = new Placer(m, lineOf);
  let x = MARGIN;
  for (const r of roots) {
    const w = widthOfNet(r, m);
    p.net(r, x, w);
    x += w;
  }
  for (const o of orphans) { p.box(o, x + m.slot / 2, 0); x += m.slot; }
  const height = stackRows(p);
  return { width: Math.max(x + MARGIN, 400), height, nodes: p.nodes, nets: p.nets, barH: BAR_H };
}

/**
 * Left-to-right order of lifelines for the ladder: by box centre; where centres tie, the left half puts deeper
 * nodes first (host, NAT, server) and the right half puts them last (server, NAT, host).
 */
export function lifelineOrder(layout: TopologyLayout): string[] {
  const mid = layout.width / 2;
  return [...layout.nodes]
    .map((n, i) => ({ n, i }))
    .sort((a, b) => {
      const dx = Math.round(a.n.x) - Math.round(b.n.x);
      if (dx !== 0) return dx;
      const sign = a.n.x <= mid + 0.5 ? -1 : 1;
      return sign * (a.n.tier - b.n.tier) || a.i - b.i;
    })
    .map(({ n }) => n.node.name);
}
