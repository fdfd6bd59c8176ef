/**
 * What the sequence diagram shows: the ladder rows that pass the filters, with repeated packets (retransmissions,
 * keepalives) folded into one expandable row, laid out on a time axis whose long idle stretches are compressed
 * into a marked gap. Pure functions, so the page can recompute them on every filter change.
 */
import type { PayloadKind } from '../../packet-label';
import type { HopRow, LadderRow } from '../ladder-model';

/** The diagram filters. Empty sets mean "everything". */
export interface RowFilters {
  /** Show only rows touching one of these nodes. */
  readonly nodes: ReadonlySet<string>;
  /** Show only agent notes of these agents (packets still show unless `agentsOnly`). */
  readonly agents: ReadonlySet<string>;
  /** Payload kinds shown; `channel-data` is its own kind. */
  readonly protocols: ReadonlySet<PayloadKind>;
  /** Only dropped packets. */
  readonly dropsOnly: boolean;
  /** Fold repeated packets into one row. */
  readonly collapse: boolean;
}

/** One row of the diagram: a ladder row, or a group of the same packet repeated. */
export interface Entry {
  readonly row: LadderRow;
  /** For a folded group: every member (the first is `row`). */
  readonly members?: readonly HopRow[];
  /** Group id (index of the head row in the ladder), used to expand it. */
  readonly group?: number;
}

/** Rows a repeat may be folded across (a retransmission comes back within a few rows of other traffic). */
const FOLD_WINDOW = 12;

function touches(row: LadderRow, nodes: ReadonlySet<string>): boolean {
  if (row.type === 'hop') return nodes.has(row.from) || (row.to !== undefined && nodes.has(row.to));
  return nodes.has(row.at);
}

function passes(row: LadderRow, f: RowFilters): boolean {
  if (f.nodes.size && !touches(row, f.nodes)) return false;
  if (row.type === 'note') {
    if (f.dropsOnly) return false;
    if (row.style === 'agent') return f.agents.size === 0 || f.agents.has(row.agent ?? '');
    return f.agents.size === 0;
  }
  if (f.protocols.size && !f.protocols.has(row.label.kind)) return false;
  return !f.dropsOnly || row.drop !== undefined;
}

/** Same hop, same message, same addresses, same fate: a repeat. */
function signature(r: HopRow): string {
  return `${r.from}|${r.to ?? ''}|${r.label.text}|${r.wire}|${r.drop?.reason ?? ''}`;
}

/** The entries shown for these filters; groups whose head index is in `expanded` are listed member by member. */
export function visibleEntries(rows: readonly LadderRow[], f: RowFilters, expanded: ReadonlySet<number>): Entry[] {
  const out: { entry: Entry; members?: HopRow[] }[] = [];
  /** key: signature; value: position in `out` of the group's head. */
  const lastGroup = new Map<string, number>();
  /** Packets folded into a group: their NAT notes fold too. */
  const folded = new Set<number>();
  for (const row of rows) {
    if (!passes(row, f)) continue;
    if (row.type === 'note') {
      if (row.pktId !== undefined && folded.has(row.pktId)) continue;
      out.push({ entry: { row } });
      continue;
    }
    if (f.collapse) {
      const sig = signature(row);
      const at = lastGroup.get(sig);
      if (at !== undefined && out.length - at <= FOLD_WINDOW && expanded.has((out[at].entry.row as HopRow).idx)) {
        out.push({ entry: { row } }); // an expanded group lists its members one by one
        continue;
      }
      if (at !== undefined && out.length - at <= FOLD_WINDOW) {
        const head = out[at];
        head.members ??= [head.entry.row as HopRow];
        head.members.push(row);
        folded.add(row.pktId);
        lastGroup.set(sig, at);
        continue;
      }
      lastGroup.set(sig, out.length);
    }
    out.push({ entry: { row } });
  }
  return out.map(({ entry, members }) => (members ? { ...entry, members, group: (entry.row as HopRow).idx } : entry));
}

/** A compressed idle stretch drawn between two rows. */
export interface Gap {
  /** y of the gap's top (px). */
  readonly y: number;
  readonly fromT: number;
  readonly toT: number;
}

/** Where each entry is drawn. */
export interface Layout {
  /** Top of each entry (px), increasing. */
  readonly y: Float64Array;
  readonly gaps: readonly Gap[];
  readonly height: number;
}

/** Layout constants (px). */
export const ROW_HEIGHT = 30;
export const GAP_HEIGHT = 34;
/** Pauses longer than this (µs) are compressed into a marked gap. */
export const IDLE_US = 1_000_000;
/** The most a pause shorter than IDLE_US stretches a row at any zoom (px). */
const MAX_STRETCH = 240;

/**
 * Lays entries out top to bottom. `pxPerMs` is the zoom: 0 gives one row per event regardless of time; larger
 * values add room proportional to the time between rows, so bursts and pauses show.
 */
export function layoutEntries(entries: readonly Entry[], pxPerMs: number): Layout {
  const y = new Float64Array(entries.length);
  const gaps: Gap[] = [];
  let at = 0;
  let prevT = entries.length ? entries[0].row.t : 0;
  entries.forEach((e, i) => {
    const dt = e.row.t - prevT;
    if (dt > IDLE_US) {
      gaps.push({ y: at, fromT: prevT, toT: e.row.t });
      at += GAP_HEIGHT;
    } else if (dt > 0) at += Math.min(MAX_STRETCH, (dt / 1000) * pxPerMs);
    y[i] = at;
    at += ROW_HEIGHT;
    prevT = e.row.t;
  });
  return { y, gaps, height: at };
}

/** Index of the first entry whose bottom is below `top` (binary search over the layout). */
export function firstVisible(layout: Layout, top: number): number {
  let lo = 0;
  let hi = layout.y.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (layout.y[mid] + ROW_HEIGHT <= top) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of the first entry at or after time `t` (entries are in time order). */
export function entryAtTime(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].row.t < t) lo = mid + 1; else hi = mid;
  }
  return Math.min(lo, Math.max(0, entries.length - 1));
}
