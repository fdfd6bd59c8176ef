/**
 * The time scrubber's view: the world as it was at one instant. Each NAT's live mappings (RFC 4787 §4: created,
 * not yet expired or flushed), each agent's latest note, and each ICE agent's selected pair (RFC 8445 §8).
 */
import type { AgentEvent, TraceEvent } from '../../../sim/trace-events';
import { formatTime } from '../../../sim/time';
import type { NatMappings } from '../../mapping-history';
import { agentSentence } from '../agent-sentence';
import { escapeText } from '../escape';

/** A mapping alive at the instant. */
export interface LiveMapping {
  readonly nat: string;
  readonly internal: string;
  readonly external: string;
  readonly remote?: string;
  /** Expiry as known at the instant (µs), if any. */
  readonly expiresAt?: number;
}

/** Mappings alive at `t`: created at or before it, not ended at or before it. */
export function mappingsAt(history: readonly NatMappings[], t: number): LiveMapping[] {
  const out: LiveMapping[] = [];
  for (const { nat, mappings } of history) {
    for (const m of mappings) {
      if ((m.created ?? 0) > t || (m.ended && m.ended.t <= t)) continue;
      out.push({ nat, internal: m.internal, external: m.external, ...(m.remote ? { remote: m.remote } : {}), ...(m.expiresAt !== undefined ? { expiresAt: m.expiresAt } : {}) });
    }
  }
  return out;
}

/** Agent events that mean "this pair carries the media now" (RFC 8445 §8.1.1 nomination, §7.2.5.3.3). */
const SELECTED = new Set(['connected', 'nominated']);
/** Agent events that mean "no pair is selected any more". */
const UNSELECTED = new Set(['consent-lost', 'restarting', 'failed']);

/** Each agent's latest note and each ICE agent's selected pair at `t`. key: `node/agent`. */
export function agentsAt(events: readonly TraceEvent[], t: number): { latest: Map<string, AgentEvent>; selected: Map<string, string> } {
  const latest = new Map<string, AgentEvent>();
  const selected = new Map<string, string>();
  for (const ev of events) {
    if (ev.t > t) break;
    if (ev.kind !== 'agent' || ev.agent === 'timeline') continue;
    const key = `${ev.node}/${ev.agent}`;
    latest.set(key, ev);
    const d = ev.data ?? {};
    if (SELECTED.has(ev.event) && d.local !== undefined) selected.set(key, `${String(d.localType ?? '')} ${String(d.local)} <-> ${String(d.remoteType ?? '')} ${String(d.remote)}`.trim());
    else if (UNSELECTED.has(ev.event)) selected.delete(key);
  }
  return { latest, selected };
}

/** The scrubber panel: mapping tables, agent states and selected pairs at `t`. */
export function stateAtHtml(history: readonly NatMappings[], nats: readonly string[], events: readonly TraceEvent[], t: number): string {
  const live = mappingsAt(history, t);
  const tables = nats.map((nat) => {
    const rows = live.filter((m) => m.nat === nat).map((m) =>
      `<tr><td class="mono">${escapeText(m.internal)}</td><td class="mono">${escapeText(m.external)}</td>` +
      `<td class="mono">${escapeText(m.remote ?? 'any')}</td><td class="mono">${m.expiresAt !== undefined ? escapeText(formatTime(m.expiresAt)) : ''}</td></tr>`).join('');
    return `<h4>NAT ${escapeText(nat)}</h4>` + (rows
      ? `<table class="mappings-at" data-nat="${escapeText(nat)}"><tr><th>Internal</th><th>External</th><th>Remote</th><th>Expires</th></tr>${rows}</table>`
      : `<p class="mappings-at empty" data-nat="${escapeText(nat)}">No mappings.</p>`);
  }).join('');
  const { latest, selected } = agentsAt(events, t);
  const agents = [...latest].map(([key, ev]) =>
    `<li><b>${escapeText(key)}</b>: ${escapeText(agentSentence(ev))} <span class="when">(${escapeText(formatTime(ev.t))})</span>` +
    `${selected.has(key) ? `<br><span class="pair">selected pair: <span class="mono">${escapeText(selected.get(key)!)}</span></span>` : ''}</li>`).join('');
  return `<h3>At <span id="state-time">${escapeText(formatTime(t))}</span></h3>${tables || '<p>No NATs in this scenario.</p>'}` +
    `<h4>Agents</h4>${agents ? `<ul class="agents-at">${agents}</ul>` : '<p>No agent has reported yet.</p>'}`;
}
