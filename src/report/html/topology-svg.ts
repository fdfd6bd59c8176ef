/**
 * The topology as SVG: network bars (public ones dark blue, private ones slate), node boxes coloured by kind with
 * their addresses, NATs with a thick border and `out`/`in` interface labels, lines from boxes to bars.
 */
import type { TopologyInfo } from '../run-record';
import { clip, escapeAttr, escapeText, num } from './escape';
import { BAR_PRIVATE, BAR_PUBLIC, KIND_COLORS } from './styles';
import { BAR_CHAR_W, CHAR_W, LINE_H, PlacedNode, TopologyLayout, barLabel, kindLine, layoutTopology } from './topology-layout';

function boxSvg(p: PlacedNode): string {
  const c = KIND_COLORS[p.node.kind] ?? KIND_COLORS.other;
  const left = p.x - p.w / 2;
  const maxChars = Math.floor((p.w - 24) / CHAR_W);
  const gateway = p.node.kind === 'nat' || p.node.kind === 'firewall';
  const tip = [p.node.name, kindLine(p.node), ...p.node.ifaces.map((i) => `${i.name} ${i.ip} on ${i.network}`)].join('\n');
  const lines = p.lines.map((l, k) =>
    `<text x="${num(left + 14)}" y="${num(p.y + 12 + LINE_H * (k + 3) - 6)}" class="mono" font-size="16">${escapeText(clip(l, maxChars))}</text>`);
  return [
    `<g class="node node-${p.node.kind}"><title>${escapeText(tip)}</title>`,
    `<rect x="${num(left)}" y="${num(p.y)}" width="${num(p.w)}" height="${num(p.h)}" rx="10" fill="${c.fill}" stroke="${c.stroke}" stroke-width="${gateway ? 5 : 2.5}"/>`,
    `<text x="${num(left + 14)}" y="${num(p.y + 12 + LINE_H - 4)}" font-size="19" font-weight="bold">${escapeText(clip(p.node.name, Math.floor(maxChars / 1.1)))}</text>`,
    `<text x="${num(left + 14)}" y="${num(p.y + 12 + LINE_H * 2 - 6)}" font-size="16" fill="${c.stroke}" font-weight="bold">${escapeText(clip(kindLine(p.node), maxChars))}</text>`,
    ...lines,
    '</g>',
  ].join('');
}

function edgesSvg(layout: TopologyLayout): string[] {
  const out: string[] = [];
  const bars = new Map(layout.nets.map((b) => [b.net.name, b]));
  for (const p of layout.nodes) {
    const targets = p.node.ifaces.map((i) => bars.get(i.network)).filter((b) => b !== undefined);
    const up = targets.filter((b) => b.y < p.y);
    const down = targets.filter((b) => b.y >= p.y);
    for (const [side, list] of [['up', up], ['down', down]] as const) {
      list.forEach((b, k) => {
        const fx = p.x + (k - (list.length - 1) / 2) * 24;
        const fy = side === 'up' ? p.y : p.y + p.h;
        const tx = Math.min(Math.max(fx, b.x1 + 14), b.x2 - 14);
        const ty = side === 'up' ? b.y + layout.barH : b.y;
        out.push(`<line x1="${num(fx)}" y1="${num(fy)}" x2="${num(tx)}" y2="${num(ty)}" stroke="#333" stroke-width="3"/>`);
      });
    }
  }
  return out;
}

/** The topology drawing as an inline `<svg>` element (no xmlns needed inside HTML). */
export function topologySvg(topology: TopologyInfo): string {
  const layout = layoutTopology(topology);
  const bars = layout.nets.map((b) => {
    const label = barLabel(b.net);
    const maxChars = Math.floor((b.x2 - b.x1 - 20) / BAR_CHAR_W);
    return `<g class="network"><title>${escapeText(`network ${b.net.name} ${b.net.cidr}`)}</title>` +
      `<rect x="${num(b.x1)}" y="${num(b.y)}" width="${num(b.x2 - b.x1)}" height="${layout.barH}" rx="19" fill="${b.isPublic ? BAR_PUBLIC : BAR_PRIVATE}"/>` +
      `<text x="${num((b.x1 + b.x2) / 2)}" y="${num(b.y + layout.barH / 2 + 6)}" text-anchor="middle" fill="#fff" font-size="18" font-weight="bold" style="white-space:pre">${escapeText(clip(label, maxChars))}</text></g>`;
  });
  return [
    `<svg class="topology" width="${num(layout.width)}" height="${num(layout.height)}" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}" role="img" aria-label="${escapeAttr('Topology diagram')}">`,
    ...edgesSvg(layout), ...bars, ...layout.nodes.map(boxSvg),
    '</svg>',
  ].join('\n');
}
