/**
 * The life of every NAT mapping, folded from mapping-created/-refreshed/-expired/-flushed trace events
 * (RFC 4787 §4.3 mapping refresh, §4.1 mapping behaviour). Used by the mapping tables of report.md and report.html.
 */
import type { MappingEvent, TraceEvent } from '../sim/trace-events';

/** Mapping rows shown per NAT in report.md and report.html; the rest are counted, not listed. */
export const MAX_MAPPING_ROWS = 200;

/** One mapping from creation to its end. */
export interface MappingLife {
  /** 'tcp' for a mapping of the NAT's TCP table (RFC 5382); absent for UDP. */
  readonly proto?: 'tcp';
  /** Internal endpoint `ip:port`. */
  readonly internal: string;
  /** External endpoint `ip:port`. */
  readonly external: string;
  /** The remote it is bound to (address(-and-port)-dependent mapping), if any. */
  readonly remote?: string;
  /** Creation time (µs); undefined when the trace starts after it was created. */
  readonly created?: number;
  /** Times it was refreshed (µs), in order. */
  readonly refreshes: number[];
  /** The last known expiry time (µs). */
  expiresAt?: number;
  /** How and when it ended; undefined while still alive at the end of the run. */
  ended?: { readonly t: number; readonly how: 'expired' | 'flushed' };
}

/** The mappings of one NAT, in order of creation. */
export interface NatMappings {
  /** NAT node name. */
  readonly nat: string;
  readonly mappings: MappingLife[];
}

function isMapping(ev: TraceEvent): ev is MappingEvent {
  return ev.kind.startsWith('mapping-');
}

/** key: `proto|internal|external|remote`, the identity of a mapping within one NAT (one table per protocol). */
function keyOf(ev: MappingEvent): string {
  return `${ev.proto ?? 'udp'}|${ev.internal}|${ev.external}|${ev.remote ?? ''}`;
}

/** An endpoint as the mapping tables show it: `ip:port`, with ` (tcp)` for a TCP mapping. */
export function mappingEndpointText(m: MappingLife): string {
  return m.proto === 'tcp' ? `${m.internal} (tcp)` : m.internal;
}

function newLife(ev: MappingEvent, created: number | undefined): MappingLife {
  return {
    ...(ev.proto ? { proto: ev.proto } : {}),
    internal: ev.internal, external: ev.external, ...(ev.remote ? { remote: ev.remote } : {}),
    created, refreshes: [], expiresAt: ev.expiresAt,
  };
}

/**
 * Folds mapping events into one table per NAT. NATs come in `order` first (topology order), then in order of
 * their first mapping event.
 */
export function mappingHistory(events: readonly TraceEvent[], order: readonly string[] = []): NatMappings[] {
  const byNat = new Map<string, NatMappings>(); // key: NAT node name
  const open = new Map<string, MappingLife>(); // key: `${nat}|${keyOf(ev)}`, mappings still alive
  for (const ev of events) {
    if (!isMapping(ev)) continue;
    let table = byNat.get(ev.node);
    if (!table) byNat.set(ev.node, (table = { nat: ev.node, mappings: [] }));
    const key = `${ev.node}|${keyOf(ev)}`;
    let life = open.get(key);
    if (ev.kind === 'mapping-created' || !life) {
      life = newLife(ev, ev.kind === 'mapping-created' ? ev.t : undefined);
      table.mappings.push(life);
      open.set(key, life);
    }
    if (ev.kind === 'mapping-refreshed') {
      life.refreshes.push(ev.t);
      if (ev.expiresAt !== undefined) life.expiresAt = ev.expiresAt;
    } else if (ev.kind === 'mapping-expired' || ev.kind === 'mapping-flushed') {
      life.ended = { t: ev.t, how: ev.kind === 'mapping-expired' ? 'expired' : 'flushed' };
      open.delete(key);
    }
  }
  const rank = (nat: string): number => {
    const i = order.indexOf(nat);
    return i < 0 ? order.length : i;
  };
  return [...byNat.values()]
    .map((t, i) => ({ t, i }))
    .sort((a, b) => rank(a.t.nat) - rank(b.t.nat) || a.i - b.i)
    .map(({ t }) => t);
}
