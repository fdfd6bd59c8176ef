/**
 * Agent notes as sentences for people (report.html's sequence diagram, milestones and scrubber), instead of the
 * raw JSON of the trace: `bob's ICE agent connected via relay 203.0.113.5:63411 <-> prflx 203.0.113.20:11861`.
 * Known events have a sentence of their own; any other reads as `<agent> <event>: key value, key value`.
 */
import type { AgentEvent } from '../../sim/trace-events';

type Data = Readonly<Record<string, unknown>>;

/** camelCase or kebab-case to lower-case words: `lifetimeS` -> `lifetime s`. */
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
}

function value(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(value).join(', ');
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${words(k)} ${value(x)}`).join(', ');
  return String(v);
}

/** `key value, key value` over the data, leaving out `skip` keys. */
function rest(d: Data, skip: readonly string[] = []): string {
  const parts = Object.entries(d).filter(([k, v]) => !skip.includes(k) && v !== undefined && k !== 'generation').map(([k, v]) => `${words(k)} ${value(v)}`);
  return parts.join(', ');
}

const s = (v: unknown): string => (v === undefined ? '?' : value(v));

/** key: agent event name; value: the sentence, given the data. One line per milestone or common note. */
const SENTENCES: Readonly<Record<string, (d: Data) => string>> = {
  connected: (d) => (d.local === undefined
    ? `connected${rest(d) ? `: ${rest(d)}` : ''}`
    : `connected${d.viaRelay ? ' through a TURN relay' : ''}: ${s(d.localType)} ${s(d.local)} <-> ${s(d.remoteType)} ${s(d.remote)}`),
  'consent-lost': (d) => `lost consent on the selected pair${d.pair ? ` ${s(d.pair)}` : ''} (RFC 7675): the peer stopped answering`,
  'consent-restored': () => 'consent was restored: the peer answers again',
  restarted: (d) => `restarted ICE${d.generation !== undefined ? ` (generation ${s(d.generation)})` : ''}`,
  restarting: (d) => `is restarting ICE${rest(d) ? `: ${rest(d)}` : ''}`,
  restart: (d) => `asked for an ICE restart${rest(d) ? `: ${rest(d)}` : ''}`,
  allocated: (d) => `has a TURN allocation: relayed address ${s(d.relayed)}${d.mapped ? `, seen from ${s(d.mapped)}` : d.client ? ` for ${s(d.client)}` : ''}, lifetime ${s(d.lifetimeS)} s`,
  'allocation-lost': (d) => `lost its TURN allocation${rest(d) ? `: ${rest(d)}` : ''}`,
  'permission-created': (d) => `installed a TURN permission${rest(d) ? ` for ${rest(d)}` : ''}`,
  'permission-installed': (d) => `installed a TURN permission${rest(d) ? ` for ${rest(d)}` : ''}`,
  'permission-expired': (d) => `let a TURN permission expire${rest(d) ? ` (${rest(d)})` : ''}; packets from that peer are now dropped`,
  'reservation-expired': (d) => `let a reserved relay port expire${rest(d) ? ` (${rest(d)})` : ''}`,
  'channel-bound': (d) => `bound a TURN channel${rest(d) ? `: ${rest(d)}` : ''}`,
  candidate: (d) => `gathered a candidate: ${s(d.candidate)}`,
  'remote-candidate': (d) => `learned a remote candidate${rest(d) ? `: ${rest(d)}` : ''}`,
  check: (d) => `sent a ${d.triggered ? 'triggered ' : ''}connectivity check ${s(d.from)} -> ${s(d.to)}${d.useCandidate ? ' with USE-CANDIDATE' : ''}`,
  'valid-pair': (d) => `found a working pair${rest(d) ? `: ${rest(d)}` : ''}`,
  nominated: (d) => `nominated a pair${rest(d) ? `: ${rest(d)}` : ''}`,
  'checklist-state': (d) => `checklist went from ${s(d.from)} to ${s(d.to)}`,
  credentials: (d) => `uses ufrag ${s(d.ufrag)} as the ${s(d.role)} agent`,
  'consent-check': (d) => `checked consent on ${s(d.pair)}`,
  delivered: (d) => `signalling carried a message from ${s(d.from)} to ${s(d.to)}: ${s(d.message)}`,
  mapped: (d) => `learned its mapped (public) address${rest(d) ? `: ${rest(d)}` : ''}`,
  failed: (d) => `failed${rest(d) ? `: ${rest(d)}` : ''}`,
};

/** The agent note as a sentence: `<agent> <what happened>`. */
export function agentSentence(ev: Pick<AgentEvent, 'agent' | 'event' | 'data'>): string {
  const d = ev.data ?? {};
  const known = SENTENCES[ev.event];
  if (known) return `${ev.agent} ${known(d)}`;
  const extra = rest(d);
  return `${ev.agent} ${words(ev.event)}${extra ? `: ${extra}` : ''}`;
}

/** Agent events shown as labelled markers to jump to (with every timeline action). */
export const MILESTONE_EVENTS: ReadonlySet<string> = new Set([
  'connected', 'consent-lost', 'consent-restored', 'restarted', 'restarting', 'failed', 'allocation-lost', 'allocated',
  'permission-expired', 'reservation-expired', 'nomination-failed', 'gathering-failed',
]);
