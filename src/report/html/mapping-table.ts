/**
 * Each NAT's mapping table over time (RFC 4787 §4.3): one row per mapping with internal, external and remote
 * endpoints, creation, refreshes and end, and a small timeline bar showing when in the run it was alive.
 */
import { formatTime } from '../../sim/time';
import { MAX_MAPPING_ROWS, mappingEndpointText, MappingLife, NatMappings } from '../mapping-history';
import { escapeText, num } from './escape';
import { RED } from './styles';

const BAR_W = 300;
const BAR_H = 30;

function timeline(m: MappingLife, endUs: number): string {
  const scale = (t: number): number => 4 + (BAR_W - 8) * Math.min(1, Math.max(0, t / Math.max(1, endUs)));
  const start = scale(m.created ?? 0);
  const stop = scale(m.ended ? m.ended.t : endUs);
  const parts = [
    `<rect x="4" y="11" width="${BAR_W - 8}" height="8" fill="#dde3e8"/>`,
    `<rect x="${num(start)}" y="6" width="${num(Math.max(3, stop - start))}" height="18" rx="3" fill="#b45300"/>`,
    ...m.refreshes.map((t) => `<line x1="${num(scale(t))}" y1="3" x2="${num(scale(t))}" y2="27" stroke="#111" stroke-width="2"/>`),
  ];
  if (m.ended) parts.push(`<path d="M${num(stop - 6)},9 L${num(stop + 6)},21 M${num(stop - 6)},21 L${num(stop + 6)},9" stroke="${RED}" stroke-width="3"/>`);
  const tip = `alive ${formatTime(m.created ?? 0)} to ${m.ended ? `${formatTime(m.ended.t)} (${m.ended.how})` : 'end of run'}`;
  return `<svg width="${BAR_W}" height="${BAR_H}" viewBox="0 0 ${BAR_W} ${BAR_H}" role="img" aria-label="${escapeText(tip)}"><title>${escapeText(tip)}</title>${parts.join('')}</svg>`;
}

function endText(m: MappingLife): string {
  if (m.ended) return `<span class="dropped">${m.ended.how}</span> at ${escapeText(formatTime(m.ended.t))}`;
  return m.expiresAt !== undefined ? `alive; expires at ${escapeText(formatTime(m.expiresAt))}` : 'alive';
}

function row(m: MappingLife, endUs: number): string {
  const refreshed = m.refreshes.length === 0 ? '0'
    : `${m.refreshes.length} (last ${escapeText(formatTime(m.refreshes[m.refreshes.length - 1]))})`;
  return `<tr><td class="mono">${escapeText(mappingEndpointText(m))}</td><td class="mono">${escapeText(m.external)}</td>` +
    `<td class="mono">${escapeText(m.remote ?? 'any')}</td>` +
    `<td>${m.created === undefined ? 'before trace' : escapeText(formatTime(m.created))}</td><td>${refreshed}</td>` +
    `<td>${endText(m)}</td><td>${timeline(m, endUs)}</td></tr>`;
}

/** One table per NAT; `endUs` is the end of the run (the timeline's right edge). */
export function mappingTablesHtml(tables: readonly NatMappings[], endUs: number): string {
  if (tables.length === 0) return '<p class="note">No NAT mapping events in this run.</p>';
  const legend = '<p class="legend"><span><span class="swatch" style="background:#b45300"></span>mapping alive</span>' +
    '<span><b>|</b> refreshed</span><span><b class="dropped">X</b> expired or flushed</span>' +
    `<span>timeline: 0 to ${escapeText(formatTime(endUs))}</span></p>`;
  return legend + tables.map((t) =>
    `<h3>NAT ${escapeText(t.nat)}: ${t.mappings.length} mapping${t.mappings.length === 1 ? '' : 's'}</h3>` +
    '<table class="mappings"><thead><tr><th>Internal</th><th>External</th><th>Remote</th><th>Created</th>' +
    '<th>Refreshes</th><th>End</th><th>Timeline</th></tr></thead><tbody>' +
    t.mappings.slice(0, MAX_MAPPING_ROWS).map((m) => row(m, endUs)).join('') + '</tbody></table>' +
    (t.mappings.length > MAX_MAPPING_ROWS ? `<p class="note">Showing the first ${MAX_MAPPING_ROWS} of ${t.mappings.length} mappings; all are in trace.jsonl.</p>` : '')).join('\n');
}
