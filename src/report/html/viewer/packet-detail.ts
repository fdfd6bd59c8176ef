/**
 * The packet panel of the interactive report, as Wireshark would show it: the decoded STUN/TURN message
 * (RFC 8489 §5 header, §14 attributes by name; RFC 8656 §12.4 ChannelData), the raw bytes, and at every NAT the
 * packet crossed, the decision: which mapping, created or reused (RFC 4787 §4.1), or the drop with its reason.
 */
import { decode } from '../../../protocols/stun/decode';
import { methodName } from '../../../protocols/stun/message-type';
import type { TraceEvent, TracePacket } from '../../../sim/trace-events';
import { formatTime } from '../../../sim/time';
import { describeEvent, describeTranslation, formatEndpoint } from '../../event-text';
import { labelPacket, labelPayload, tcpControlText } from '../../packet-label';
import { escapeText } from '../escape';

/** Why each drop reason happens, for students. key: DropReason. */
export const DROP_EXPLANATIONS: Readonly<Record<string, string>> = {
  'no-route': 'no router knew where to send it',
  'ttl-expired': 'its TTL ran out on the way (a routing loop or too many hops)',
  'link-loss': 'the link lost it (the scenario gives the link a loss rate)',
  'link-down': 'the link was down at that moment',
  'queue-full': "the link's queue was full (bandwidth limit)",
  'mtu-exceeded': "it was bigger than the link's MTU",
  'host-down': 'the destination host was down',
  'port-unreachable': 'no socket was bound to the destination port',
  'nat-no-mapping': 'it came from outside to a NAT port with no mapping: nothing inside ever sent from there (RFC 4787 §4.1)',
  'nat-filtered': "a mapping exists, but the NAT's filtering rejected this sender: the inside host has not sent to it yet (RFC 4787 §5)",
  'nat-mapping-expired': 'the mapping it needed had timed out (RFC 4787 §4.3: keep it alive with traffic)',
  'nat-port-exhausted': 'the NAT had no external port left for a new mapping',
  'nat-hairpin-off': 'it was addressed to the NAT\'s own public address from inside, and this NAT does not hairpin (RFC 4787 §6)',
  firewall: 'a firewall rule rejected it',
};

function hexDump(b: Uint8Array): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const hex = [...row].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((x) => (x >= 0x20 && x <= 0x7e ? String.fromCharCode(x) : '.')).join('');
    lines.push(`${o.toString(16).padStart(4, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

function attrValue(v: unknown): string {
  if (v instanceof Uint8Array) return v.length > 32 ? `${v.length} bytes` : [...v].map((x) => x.toString(16).padStart(2, '0')).join('');
  if (v === true) return '(flag)';
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.address === 'string' && typeof o.port === 'number') return `${o.address}:${o.port}`;
    return Object.entries(o).map(([k, x]) => `${k}=${attrValue(x)}`).join(' ');
  }
  return String(v);
}

/** The decoded payload as a table of fields. */
export function decodedFieldsHtml(payload: Uint8Array): string {
  const label = labelPayload(payload);
  const rows: [string, string][] = [];
  if (label.kind === 'stun' || label.kind === 'turn') {
    const r = decode(payload);
    if (r.ok) {
      const m = r.message;
      rows.push(['Message', `${methodName(m.method)} ${m.class}`]);
      rows.push(['Transaction id', [...m.transactionId].map((x) => x.toString(16).padStart(2, '0')).join('')]);
      for (const a of m.attributes) rows.push([a.name ?? `0x${a.type.toString(16).padStart(4, '0')}`, attrValue(a.value)]);
    } else rows.push(['STUN', `undecodable: ${r.error.message} at byte ${r.error.offset}`]);
  } else if (label.kind === 'channel-data') {
    // RFC 8656 §12.4: channel number (2 bytes), length (2 bytes), application data
    rows.push(['ChannelData channel', `0x${((payload[0] << 8) | payload[1]).toString(16)}`]);
    rows.push(['Length', String((payload[2] << 8) | payload[3])]);
    rows.push(['Inner data', labelPayload(payload.subarray(4)).text]);
  } else rows.push(['Data', label.text]);
  return `<table class="fields">${rows.map(([k, v]) => `<tr><th>${escapeText(k)}</th><td class="mono">${escapeText(v)}</td></tr>`).join('')}</table>`;
}

/** What a NAT decided for the packet at event `i` (a translation or a drop at a NAT). */
function natDecision(events: readonly TraceEvent[], i: number): string | undefined {
  const ev = events[i];
  if (ev.kind === 'translated') {
    let how = ev.direction === 'outbound' ? 'reused an existing mapping' : 'found the mapping';
    for (let j = i - 1; j >= 0 && events[j].t === ev.t && events[j].node === ev.node; j--) {
      const e = events[j];
      if (e.kind === 'mapping-created') { how = `created a new mapping ${e.internal} -> ${e.external}${e.remote ? ` (for remote ${e.remote})` : ''}`; break; }
      if (e.kind === 'mapping-refreshed') { how = `reused and refreshed mapping ${e.internal} -> ${e.external}`; break; }
    }
    return `<b>${escapeText(ev.node)}</b> (${ev.direction}): ${escapeText(how)}; rewrote ${escapeText(describeTranslation(ev.before, ev.after))}`;
  }
  if (ev.kind === 'dropped') {
    const why = DROP_EXPLANATIONS[ev.reason] ?? '';
    return `<b>${escapeText(ev.node)}</b> dropped it: <span class="reason">${escapeText(ev.reason)}</span>` +
      `${ev.detail ? ` (${escapeText(ev.detail)})` : ''}${why ? ` &mdash; ${escapeText(why)}` : ''}`;
  }
  return undefined;
}

/** A TCP segment's header fields (RFC 9293 §3.1), as on the wire (absolute sequence numbers). */
function tcpHeaderHtml(p: TracePacket): string {
  const h = p.tcp;
  if (!h) return '';
  const rows: [string, string][] = [
    ['TCP flags', `${tcpControlText(h.flags)} (0x${h.flags.toString(16).padStart(2, '0')})`],
    ['Sequence number', String(h.seq)],
    ['Acknowledgment number', h.flags & 0x10 ? String(h.ack) : '(no ACK flag)'],
    ['Window', String(h.window)],
    ...(h.mss !== undefined ? [['MSS option', String(h.mss)] as [string, string]] : []),
  ];
  return `<h4>TCP header</h4><table class="fields">${rows.map(([k, v]) => `<tr><th>${escapeText(k)}</th><td class="mono">${escapeText(v)}</td></tr>`).join('')}</table>`;
}

/** The whole panel for one packet: its path, the NAT decisions, the decoded fields, the raw bytes. */
export function packetDetailHtml(events: readonly TraceEvent[], indices: readonly number[]): string {
  if (indices.length === 0) return '<p>No events for this packet.</p>';
  const first = events[indices[0]] as TraceEvent & { pkt: TracePacket };
  const p = first.pkt;
  const decisions = indices.map((i) => natDecision(events, i)).filter((d): d is string => d !== undefined);
  const path = indices.map((i) => {
    const e = events[i];
    return `<li><span class="mono">${escapeText(formatTime(e.t))}</span> <b>${escapeText(e.node)}</b> ${escapeText(describeEvent(e))}</li>`;
  }).join('');
  return `<h3>Packet #${p.id}: ${escapeText(labelPacket(p).text)}</h3>` +
    `<p class="mono">${escapeText(formatEndpoint(p.src, p.srcPort))} -> ${escapeText(formatEndpoint(p.dst, p.dstPort))}, ${p.payload.byteLength} bytes</p>` +
    tcpHeaderHtml(p) +
    `<h4>Decisions on the way</h4>${decisions.length ? `<ul class="decisions">${decisions.map((d) => `<li>${d}</li>`).join('')}</ul>` : '<p>No NAT touched it; it was not dropped.</p>'}` +
    `<h4>Decoded</h4>${decodedFieldsHtml(p.payload)}` +
    `<h4>Raw bytes</h4><pre class="hex">${escapeText(hexDump(p.payload))}</pre>` +
    `<details><summary>Every event of this packet (${indices.length})</summary><ol class="path">${path}</ol></details>`;
}
