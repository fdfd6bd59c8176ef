/**
 * The sequence (ladder) diagram as SVG: one lifeline per host, NAT and server, one row per hop of a packet
 * (label above the arrow, addresses on the wire below it), translation notes at NATs, drops as a red X with the
 * reason, virtual time on the left. Lifeline headers repeat every HEADER_EVERY rows so long ladders stay readable.
 */
import { formatTime } from '../../sim/time';
import { PAYLOAD_KINDS } from '../packet-label';
import { clip, escapeText, num } from './escape';
import type { HopRow, LadderModel, LadderRow, Lifeline, NoteRow } from './ladder-model';
import { KIND_COLORS, PAYLOAD_COLORS, RED } from './styles';

const AXIS_W = 118;
/** The ladder aims to fit this width (a 1400px window), with columns between 190 and 270px. */
const FIT_W = 1270;
const HEAD_H = 74;
const HOP_H = 70;
const NOTE_H = 46;
const HEADER_EVERY = 22;
const MONO_W = 9.2; // advance of a 15px monospace character
/** Halo so text stays readable where it crosses a lifeline. */
const HALO = 'paint-order="stroke" stroke="#fff" stroke-width="5" stroke-linejoin="round"';

interface Geometry {
  readonly xOf: ReadonlyMap<string, number>;
  readonly width: number;
  /** Column width per lifeline. */
  readonly col: number;
}

function headerSvg(lines: readonly Lifeline[], g: Geometry, y: number): string {
  const chars = Math.floor((g.col - 40) / 10);
  const parts = [`<text x="${AXIS_W - 14}" y="${y + 44}" text-anchor="end" font-size="16" font-weight="bold" fill="#333">time</text>`];
  for (const l of lines) {
    const x = g.xOf.get(l.name)!;
    const c = KIND_COLORS[l.kind];
    parts.push(
      `<rect x="${num(x - g.col / 2 + 12)}" y="${y + 8}" width="${g.col - 24}" height="${HEAD_H - 16}" rx="8" fill="${c.fill}" stroke="${c.stroke}" stroke-width="${l.kind === 'nat' ? 4 : 2.5}"/>`,
      `<text x="${num(x)}" y="${y + 33}" text-anchor="middle" font-size="18" font-weight="bold">${escapeText(clip(l.name, chars))}</text>`,
      `<text x="${num(x)}" y="${y + 55}" text-anchor="middle" font-size="15" class="mono" fill="${c.stroke}">${escapeText(clip(l.sub, chars + 2))}</text>`,
    );
  }
  return `<g class="lifeline-heads">${parts.join('')}</g>`;
}

function timeLabel(t: number, y: number): string {
  return `<text x="${AXIS_W - 14}" y="${num(y)}" text-anchor="end" font-size="15" class="mono" fill="#333">${escapeText(formatTime(t))}</text>`;
}

function dropMark(x: number, y: number, reason: string, rightward: boolean): string {
  const d = 11;
  const tx = rightward ? x + d + 8 : x - d - 8;
  return `<path d="M${num(x - d)},${num(y - d)} L${num(x + d)},${num(y + d)} M${num(x - d)},${num(y + d)} L${num(x + d)},${num(y - d)}" stroke="${RED}" stroke-width="5" stroke-linecap="round"/>` +
    `<text x="${num(tx)}" y="${num(y + 6)}" text-anchor="${rightward ? 'start' : 'end'}" font-size="17" font-weight="bold" fill="${RED}" ${HALO}>dropped: ${escapeText(reason)}</text>`;
}

function hopSvg(r: HopRow, g: Geometry, y: number): string {
  const x1 = g.xOf.get(r.from)!;
  let x2 = r.to !== undefined ? g.xOf.get(r.to)! : x1 + (x1 + 150 < g.width ? 150 : -150);
  if (r.drop?.onLink && r.to !== undefined) x2 = (x1 + x2) / 2;
  const color = PAYLOAD_COLORS[r.label.kind];
  const ay = y + 36;
  const mid = x1 === x2 ? x1 : (x1 + x2) / 2;
  const tip = `packet #${r.pktId}: ${r.label.text}, ${r.bytes} B\n${r.wire}\nleft ${r.from} at ${formatTime(r.t)}, ` +
    `${r.drop ? `dropped (${r.drop.reason}${r.drop.detail ? `: ${r.drop.detail}` : ''})` : `arrived at ${r.to}`} at ${formatTime(r.arrive)}`;
  const parts = [`<g class="hop${r.drop ? ' drop' : ''}"><title>${escapeText(tip)}</title>`, timeLabel(r.t, ay + 5)];
  if (x1 !== x2) {
    parts.push(`<circle cx="${num(x1)}" cy="${ay}" r="5" fill="${color}"/>`,
      `<line x1="${num(x1)}" y1="${ay}" x2="${num(x2)}" y2="${ay}" stroke="${color}" stroke-width="3"${r.drop ? ' stroke-dasharray="8 5"' : ` marker-end="url(#ladder-arrow-${r.label.kind})"`}/>`);
  }
  parts.push(
    `<text x="${num(mid)}" y="${ay - 12}" text-anchor="middle" font-size="17" font-weight="bold" fill="${color}" ${HALO}>${escapeText(r.label.text)}</text>`,
    `<text x="${num(mid)}" y="${ay + 26}" text-anchor="middle" font-size="15" class="mono" fill="#222" ${HALO}>${escapeText(r.wire)}</text>`,
  );
  if (r.drop) parts.push(dropMark(x2, ay, r.drop.reason, x2 >= x1 ? x2 + 260 < g.width : x2 - 260 < AXIS_W));
  parts.push('</g>');
  return parts.join('');
}

const NOTE_STYLE: Readonly<Record<NoteRow['style'], { fill: string; stroke: string }>> = {
  nat: { fill: '#fff0d9', stroke: '#b45300' },
  agent: { fill: '#eef3f8', stroke: '#4a5a66' },
  mapping: { fill: '#fdeaea', stroke: RED },
};

function noteSvg(r: NoteRow, g: Geometry, y: number): string {
  const x = g.xOf.get(r.at)!;
  const text = clip(r.text, 90);
  const w = text.length * MONO_W + 24;
  const left = Math.max(AXIS_W + 4, Math.min(x - w / 2, g.width - w - 4));
  const s = NOTE_STYLE[r.style];
  return `<g class="note note-${r.style}"><title>${escapeText(r.text)}</title>${timeLabel(r.t, y + 29)}` +
    `<rect x="${num(left)}" y="${y + 6}" width="${num(w)}" height="${NOTE_H - 12}" rx="6" fill="${s.fill}" stroke="${s.stroke}" stroke-width="2"/>` +
    `<text x="${num(left + 12)}" y="${y + 29}" font-size="15" class="mono" fill="#111">${escapeText(text)}</text></g>`;
}

function markers(): string {
  return `<defs>${PAYLOAD_KINDS.map((k) =>
    `<marker id="ladder-arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="${PAYLOAD_COLORS[k]}"/></marker>`).join('')}</defs>`;
}

/** The ladder as an inline `<svg>`; an empty string when there are no rows. */
export function ladderSvg(model: LadderModel): string {
  if (model.rows.length === 0 || model.lifelines.length === 0) return '';
  const n = model.lifelines.length;
  const col = Math.max(190, Math.min(270, Math.floor((FIT_W - AXIS_W) / n)));
  const xOf = new Map(model.lifelines.map((l, i) => [l.name, AXIS_W + col * (i + 0.5)]));
  const g: Geometry = { xOf, width: AXIS_W + col * n + 12, col };
  const body: string[] = [];
  let y = 0;
  model.rows.forEach((r: LadderRow, i) => {
    if (i % HEADER_EVERY === 0) { body.push(headerSvg(model.lifelines, g, y)); y += HEAD_H; }
    body.push(r.type === 'hop' ? hopSvg(r, g, y) : noteSvg(r, g, y));
    y += r.type === 'hop' ? HOP_H : NOTE_H;
  });
  const height = y + 16;
  const lines = model.lifelines.map((l) => {
    const x = num(xOf.get(l.name)!);
    const nat = l.kind === 'nat' || l.kind === 'firewall';
    return `<line x1="${x}" y1="${HEAD_H}" x2="${x}" y2="${height}" stroke="${KIND_COLORS[l.kind].stroke}" stroke-width="${nat ? 4 : 2}" stroke-dasharray="${nat ? '10 6' : '6 6'}"/>`;
  });
  return [
    `<svg class="ladder" width="${num(g.width)}" height="${num(height)}" viewBox="0 0 ${num(g.width)} ${num(height)}" role="img" aria-label="Sequence diagram">`,
    markers(), ...lines, ...body, '</svg>',
  ].join('\n');
}
