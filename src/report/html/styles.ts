/**
 * The look of report.html: one inline stylesheet and the colour palette the SVG drawings share. Sized for a
 * classroom projector: 18px body text, nothing under 15px, dark text on white, colours that survive a washed-out
 * projector (and are told apart by labels too, never by colour alone).
 */
import type { NodeKind } from '../run-record';
import type { PayloadKind } from '../packet-label';

/** Box fill and stroke per node kind. */
export const KIND_COLORS: Readonly<Record<NodeKind | 'other', { fill: string; stroke: string }>> = {
  host: { fill: '#e3f0ff', stroke: '#1656a8' },
  nat: { fill: '#fff0d9', stroke: '#b45300' },
  firewall: { fill: '#ffe4ec', stroke: '#a3124a' },
  router: { fill: '#eceff1', stroke: '#455a64' },
  'stun-server': { fill: '#e4f5e6', stroke: '#1e6b2b' },
  'turn-server': { fill: '#f1e6f7', stroke: '#60208f' },
  other: { fill: '#f2f2f2', stroke: '#555555' },
};

/** Arrow colour per payload kind. */
export const PAYLOAD_COLORS: Readonly<Record<PayloadKind, string>> = {
  stun: '#0d47a1',
  turn: '#6a1b9a',
  'channel-data': '#6a1b9a',
  data: '#263238',
  icmp: '#e65100',
  tcp: '#00695c',
};

/** Drops, failures. */
export const RED = '#c00000';
/** Passes. */
export const GREEN = '#1b6e2a';
/** Network bars: public and private. */
export const BAR_PUBLIC = '#12406e';
export const BAR_PRIVATE = '#4a5a66';

/** The page stylesheet. */
export const STYLES = `
*{box-sizing:border-box}
html{font-size:18px}
body{margin:0;padding:0 28px 48px;font-family:"DejaVu Sans",Verdana,"Segoe UI",Arial,sans-serif;color:#111;background:#fff;line-height:1.45}
header{padding:20px 0 8px;border-bottom:3px solid #222}
h1{font-size:2.1rem;margin:0 0 8px}
h2{font-size:1.6rem;margin:36px 0 10px;padding-top:8px;border-top:2px solid #ccc}
h3{font-size:1.25rem;margin:22px 0 8px}
p{max-width:60em;margin:8px 0}
code,pre,.mono{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace}
code,pre,td.mono{font-size:16px}
nav{margin:10px 0 0;font-size:1.05rem}
nav a{margin-right:22px;color:#0b3d91;font-weight:bold}
.badge{display:inline-block;padding:3px 14px;border-radius:6px;color:#fff;font-weight:bold;letter-spacing:.04em;vertical-align:middle}
.badge.pass{background:${GREEN}}
.badge.fail{background:${RED}}
h1 .badge{font-size:1.3rem;margin-left:14px}
table{border-collapse:collapse;margin:8px 0 12px;font-size:17px}
th,td{border:1px solid #999;padding:6px 12px;text-align:left;vertical-align:top}
th{background:#e8ecf0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.facts th{background:none;border:none;padding:3px 18px 3px 0;font-weight:bold}
table.facts td{border:none;padding:3px 0}
.figure{overflow-x:auto;border:1px solid #bbb;border-radius:8px;padding:6px;margin:10px 0;background:#fff}
.figure svg{display:block;margin:0 auto}
.note{font-size:1rem;color:#333;background:#f4f6f8;border-left:5px solid #4a5a66;padding:8px 14px;margin:8px 0}
.expectation{border:2px solid #999;border-radius:8px;padding:10px 16px;margin:12px 0}
.expectation.pass{border-color:${GREEN}}
.expectation.fail{border-color:${RED};background:#fff6f6}
.expectation .name{font-weight:bold;font-size:1.1rem;margin-left:10px}
.expectation .detail{margin:6px 0}
details summary{cursor:pointer;font-weight:bold;margin:4px 0}
pre.evidence{background:#f6f6f6;border:1px solid #ccc;padding:8px 10px;white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0}
.counts{display:flex;flex-wrap:wrap;gap:0 48px}
.legend span{display:inline-block;margin-right:22px}
.swatch{display:inline-block;width:18px;height:18px;border:2px solid #333;vertical-align:-3px;margin-right:6px;border-radius:3px}
.dropped{color:${RED};font-weight:bold}
table.mappings{width:100%}
table.mappings td,table.mappings th{overflow-wrap:anywhere}
table.mappings td:last-child{width:30%;min-width:100px}
table.mappings td:last-child svg{display:block;width:100%;height:auto}
.figure svg{max-width:100%;height:auto}
`;
