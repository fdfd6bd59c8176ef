/**
 * The interactive sequence diagram in the browser: toolbar (filters, zoom, play), milestone markers, a virtualized
 * diagram (only the rows on screen are in the DOM, so 100,000 events scroll smoothly), the packet panel and the
 * time scrubber. Browser-only: it is bundled into report.html and the playground, never run by Node.
 */
import type { PayloadKind } from '../../packet-label';
import { formatTime } from '../../../sim/time';
import { escapeAttr, escapeText } from '../escape';
import type { HopRow, LadderRow } from '../ladder-model';
import type { ReportData } from '../report-data';
import { packetDetailHtml } from './packet-detail';
import { stateAtHtml } from './state-at';
import { buildViewerModel, ViewerModel } from './viewer-model';
import { Entry, entryAtTime, firstVisible, layoutEntries, Layout, ROW_HEIGHT, RowFilters, visibleEntries } from './viewer-rows';

/** Zoom levels (px per ms of virtual time between rows). */
const ZOOMS = [0, 0.02, 0.1, 0.5, 2, 10];
/** Protocol filter boxes: payload kinds and their labels. */
const PROTOCOLS: readonly [PayloadKind, string][] = [['stun', 'STUN'], ['turn', 'TURN'], ['channel-data', 'ChannelData'], ['tcp', 'TCP'], ['data', 'data']];
/** Rows rendered above and below the visible window. */
const OVERSCAN = 10;
/** Rows laid out in full for printing. */
const PRINT_ROWS = 1500;
/** Milliseconds between steps when playing. */
const PLAY_STEP_MS = 400;

function toolbarHtml(m: ViewerModel): string {
  const nodes = m.ladder.lifelines.map((l) => `<option value="${escapeAttr(l.name)}">${escapeText(l.name)}</option>`).join('');
  const agents = m.agents.map((a) => `<option value="${escapeAttr(a)}">${escapeText(a)}</option>`).join('');
  const protos = PROTOCOLS.map(([k, label]) => `<label><input type="checkbox" class="sq-proto" value="${k}" checked> ${label}</label>`).join('');
  return '<div class="sq-toolbar">' +
    `<label>Node <select id="f-node"><option value="">all</option>${nodes}</select></label>` +
    `<label>Agent <select id="f-agent"><option value="">all</option>${agents}</select></label>` +
    `<span class="sq-protos">${protos}</span>` +
    '<label><input type="checkbox" id="f-drops"> drops only</label>' +
    '<label><input type="checkbox" id="f-collapse" checked> fold repeats</label>' +
    '<span class="sq-zoom"><button type="button" id="zoom-out" title="zoom out (-)">&minus;</button><span id="zoom-level">1</span>' +
    '<button type="button" id="zoom-in" title="zoom in (+)">+</button></span>' +
    '<button type="button" id="play" title="play / pause (space)">Play</button>' +
    '<span id="row-count" class="sq-count"></span></div>';
}

function milestonesHtml(m: ViewerModel): string {
  if (!m.milestones.length) return '';
  return `<div class="sq-milestones"><b>Jump to:</b> ${m.milestones.map((s, i) =>
    `<button type="button" class="sq-mark k-${escapeAttr(s.kind)}" data-m="${i}" title="${escapeAttr(s.label)}">${escapeText(formatTime(s.t))} ${escapeText(s.label)}</button>`).join('')}</div>`;
}

/** The running viewer. */
export class Viewer {
  readonly model: ViewerModel;
  private entries: Entry[] = [];
  private layout: Layout = { y: new Float64Array(0), gaps: [], height: 0 };
  private readonly expanded = new Set<number>();
  private zoom = 1;
  private selected = -1;
  private timeUs = 0;
  private playing: number | undefined;
  private frame = 0;
  private printing = false;
  private readonly x: (name: string) => number;
  private readonly el: <T extends HTMLElement>(id: string) => T;

  constructor(private readonly root: HTMLElement, data: ReportData) {
    this.model = buildViewerModel(data);
    const cols = new Map(this.model.ladder.lifelines.map((l, i, all) => [l.name, ((i + 0.5) / all.length) * 100]));
    this.x = (name) => cols.get(name) ?? 50;
    this.el = <T extends HTMLElement>(id: string): T => root.querySelector(`#${id}`) as T;
    root.innerHTML = this.shellHtml();
    this.wire();
    this.refilter();
    this.scrubTo(0, false);
  }

  private shellHtml(): string {
    const m = this.model;
    const heads = m.ladder.lifelines.map((l) => `<div class="sq-head k-${l.kind}" style="left:${this.x(l.name)}%"><b>${escapeText(l.name)}</b><br>${escapeText(l.sub)}</div>`).join('');
    const lines = m.ladder.lifelines.map((l) => `<div class="sq-line" style="left:${this.x(l.name)}%"></div>`).join('');
    return toolbarHtml(m) + milestonesHtml(m) +
      `<div class="sq-scrub"><label for="scrubber">Time</label><input type="range" id="scrubber" min="0" max="${m.endUs}" step="1000" value="0">` +
      `<span id="scrub-time" class="mono">0.000s</span></div>` +
      '<div class="sq-body"><div class="sq-diagram">' +
      `<div class="sq-heads"><div class="sq-lanes">${heads}</div></div>` +
      `<div class="sq-viewport" id="viewport" tabindex="0"><div class="sq-canvas" id="canvas"><div class="sq-lanes sq-bg">${lines}</div><div id="rows"></div></div></div>` +
      '</div><aside class="sq-side"><div id="detail" class="sq-panel"><p>Click a packet or a note to see it in detail. ' +
      'Keys: &larr;/&rarr; or &uarr;/&darr; step, space plays.</p></div><div id="state" class="sq-panel"></div></aside></div>';
  }

  private wire(): void {
    const vp = this.el<HTMLDivElement>('viewport');
    vp.addEventListener('scroll', () => this.schedule());
    for (const id of ['f-node', 'f-agent', 'f-drops', 'f-collapse']) this.el(id).addEventListener('change', () => this.refilter());
    this.root.querySelectorAll('.sq-proto').forEach((b) => b.addEventListener('change', () => this.refilter()));
    this.el('zoom-in').addEventListener('click', () => this.setZoom(this.zoom + 1));
    this.el('zoom-out').addEventListener('click', () => this.setZoom(this.zoom - 1));
    this.el('play').addEventListener('click', () => this.togglePlay());
    this.el<HTMLInputElement>('scrubber').addEventListener('input', (e) => this.scrubTo(Number((e.target as HTMLInputElement).value), true));
    this.root.querySelectorAll<HTMLElement>('.sq-mark').forEach((b) => b.addEventListener('click', () => {
      const s = this.model.milestones[Number(b.dataset.m)];
      this.select(this.entryIndexOfEvent(s.idx, s.t), false);
      this.scrubTo(s.t, false);
    }));
    this.el('rows').addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.sq-row');
      if (row) this.select(Number(row.dataset.i), true);
    });
    const doc = this.root.ownerDocument;
    const onKey = (e: KeyboardEvent): void => {
      // a viewer replaced by another (the playground's next run) lets go of the keyboard
      if (!this.root.isConnected) { doc.removeEventListener('keydown', onKey); this.stopPlay(); return; }
      this.onKey(e);
    };
    doc.addEventListener('keydown', onKey);
    const win = this.root.ownerDocument.defaultView;
    win?.addEventListener('resize', () => this.schedule());
    win?.addEventListener('beforeprint', () => { this.printing = true; this.render(); });
    win?.addEventListener('afterprint', () => { this.printing = false; this.render(); });
  }

  private onKey(e: KeyboardEvent): void {
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) && t.id !== 'scrubber')) return;
    if (this.root.offsetParent === null) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') this.select(this.selected + 1, true);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') this.select(Math.max(0, this.selected - 1), true);
    else if (e.key === ' ') this.togglePlay();
    else if (e.key === '+' || e.key === '=') this.setZoom(this.zoom + 1);
    else if (e.key === '-') this.setZoom(this.zoom - 1);
    else return;
    e.preventDefault();
  }

  /** The current filters, read from the toolbar. */
  private filters(): RowFilters {
    const node = this.el<HTMLSelectElement>('f-node').value;
    const agent = this.el<HTMLSelectElement>('f-agent').value;
    const protocols = new Set<PayloadKind>();
    this.root.querySelectorAll<HTMLInputElement>('.sq-proto').forEach((b) => { if (b.checked) protocols.add(b.value as PayloadKind); });
    return {
      nodes: new Set(node ? [node] : []), agents: new Set(agent ? [agent] : []), protocols,
      dropsOnly: this.el<HTMLInputElement>('f-drops').checked, collapse: this.el<HTMLInputElement>('f-collapse').checked,
    };
  }

  /** Recomputes the rows for the filters, keeping the selected event in view when it still shows. */
  refilter(): void {
    const keep = this.entries[this.selected]?.row;
    this.entries = visibleEntries(this.model.ladder.rows, this.filters(), this.expanded);
    this.selected = keep ? this.entries.findIndex((e) => e.row === keep) : -1;
    this.relayout();
    this.el('row-count').textContent = `${this.entries.length} rows, ${this.model.ladder.packetsTotal} packets, ${this.model.events.length} events`;
  }

  private setZoom(z: number): void {
    this.zoom = Math.max(0, Math.min(ZOOMS.length - 1, z));
    this.el('zoom-level').textContent = String(this.zoom);
    this.relayout();
  }

  private relayout(): void {
    this.layout = layoutEntries(this.entries, ZOOMS[this.zoom]);
    // the canvas must be tall enough before scrolling to the selection, or the scroll position is clamped
    this.el<HTMLDivElement>('canvas').style.height = `${this.layout.height}px`;
    if (this.selected >= 0) this.reveal(this.selected); else this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    const win = this.root.ownerDocument.defaultView;
    if (!win) { this.render(); return; }
    this.frame = win.requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Draws the rows in (or near) the viewport. */
  render(): void {
    const vp = this.el<HTMLDivElement>('viewport');
    const canvas = this.el<HTMLDivElement>('canvas');
    let from = 0;
    let to = Math.min(this.entries.length, PRINT_ROWS);
    if (!this.printing) {
      from = Math.max(0, firstVisible(this.layout, vp.scrollTop) - OVERSCAN);
      to = Math.min(this.entries.length, firstVisible(this.layout, vp.scrollTop + vp.clientHeight) + OVERSCAN);
    }
    canvas.style.height = `${this.printing && to > 0 ? this.layout.y[to - 1] + ROW_HEIGHT : this.layout.height}px`;
    const top = from < this.layout.y.length ? this.layout.y[from] : 0;
    const bottom = to > 0 ? this.layout.y[to - 1] + ROW_HEIGHT : 0;
    const parts: string[] = [];
    for (const g of this.layout.gaps) {
      if (g.y >= top - ROW_HEIGHT && g.y <= bottom) {
        parts.push(`<div class="sq-gap" style="top:${g.y}px">&#8943; ${escapeText(formatTime(g.toT - g.fromT))} with nothing on this view (compressed) &#8943;</div>`);
      }
    }
    for (let i = from; i < to; i++) parts.push(this.rowHtml(i));
    this.root.dataset.selected = String(this.selected);
    this.el('rows').innerHTML = parts.join('');
  }

  private rowHtml(i: number): string {
    const e = this.entries[i];
    const r = e.row;
    const cls = `sq-row${i === this.selected ? ' sel' : ''}${r.type === 'hop' && r.drop ? ' drop' : ''}`;
    const nodes = r.type === 'hop' ? [r.from, r.to ?? ''].join(' ').trim() : r.at;
    const attrs = `class="${cls}" data-i="${i}" data-t="${r.t}" data-nodes="${escapeAttr(nodes)}" style="top:${this.layout.y[i]}px"`;
    const time = `<span class="sq-t">${escapeText(formatTime(r.t))}</span>`;
    return `<div ${attrs}>${time}<div class="sq-lanes">${r.type === 'hop' ? this.hopHtml(r, e) : this.noteHtml(r)}</div></div>`;
  }

  private hopHtml(r: HopRow, e: Entry): string {
    const a = this.x(r.from);
    const b = r.to !== undefined ? this.x(r.to) : a + (a < 50 ? 12 : -12);
    const end = r.drop?.onLink ? (a + b) / 2 : b;
    const left = Math.min(a, end);
    const width = Math.max(0.5, Math.abs(end - a));
    const dir = end >= a ? 'r' : 'l';
    const count = e.members ? `<span class="sq-count-badge">&times;${e.members.length}</span> ` : '';
    const drop = r.drop ? ` <span class="sq-reason">&#10005; ${escapeText(r.drop.reason)}</span>` : '';
    const title = `${r.label.text} ${r.wire} (${r.bytes} B)${r.drop ? ` dropped: ${r.drop.reason}${r.drop.detail ? ` (${r.drop.detail})` : ''}` : ''}`;
    return `<div class="sq-arrow k-${r.label.kind} d-${dir}${r.drop ? ' dropped' : ''}" style="left:${left}%;width:${width}%" title="${escapeAttr(title)}">` +
      `<span class="sq-lbl">${count}${escapeText(r.label.text)}${drop}</span></div>` +
      (r.drop ? `<span class="sq-x" style="left:${end}%">&#10005;</span>` : '');
  }

  private noteHtml(r: Extract<LadderRow, { type: 'note' }>): string {
    const x = this.x(r.at);
    const place = x > 55 ? `right:${100 - x}%;max-width:${x}%` : `left:${x}%;max-width:${100 - x}%`;
    return `<div class="sq-note s-${r.style}" style="${place}" title="${escapeAttr(r.text)}">${escapeText(r.text)}</div>`;
  }

  /** Index of the entry for trace event `idx` (or the first at time `t` when it is filtered out). */
  private entryIndexOfEvent(idx: number, t: number): number {
    const i = this.entries.findIndex((e) => e.row.idx === idx);
    return i >= 0 ? i : entryAtTime(this.entries, t);
  }

  /** Selects entry `i`: highlights it, scrolls to it, shows its detail and moves the scrubber to its time. */
  select(i: number, moveScrubber: boolean): void {
    if (i < 0 || i >= this.entries.length) { this.stopPlay(); return; }
    const e = this.entries[i];
    if (e.group !== undefined && i === this.selected) {
      if (this.expanded.has(e.group)) this.expanded.delete(e.group); else this.expanded.add(e.group);
      this.selected = i;
      this.refilter();
      return;
    }
    this.selected = i;
    this.el('detail').innerHTML = this.detailHtml(e);
    if (moveScrubber) this.scrubTo(e.row.t, false);
    this.reveal(i);
  }

  private detailHtml(e: Entry): string {
    const r = e.row;
    if (r.type === 'hop') {
      const group = e.members ? `<p class="sq-group">This packet was sent ${e.members.length} times (retransmissions or keepalives): ` +
        `${e.members.map((m) => escapeText(formatTime(m.t))).join(', ')}. Click the row again to expand it.</p>` : '';
      return group + packetDetailHtml(this.model.events, this.model.packetEvents.get(r.pktId) ?? []);
    }
    return `<h3>${escapeText(formatTime(r.t))} at ${escapeText(r.at)}</h3><p>${escapeText(r.text)}</p>`;
  }

  /** Scrolls entry `i` into the middle third of the viewport and redraws. */
  private reveal(i: number): void {
    const vp = this.el<HTMLDivElement>('viewport');
    const y = this.layout.y[i] ?? 0;
    if (y < vp.scrollTop || y + ROW_HEIGHT > vp.scrollTop + vp.clientHeight) vp.scrollTop = Math.max(0, y - vp.clientHeight / 3);
    this.render();
  }

  /** Moves the scrubber to `t` (µs) and shows the state of the world then; optionally scrolls the diagram there. */
  scrubTo(t: number, scroll: boolean): void {
    this.timeUs = Math.max(0, Math.min(this.model.endUs, t));
    this.el<HTMLInputElement>('scrubber').value = String(this.timeUs);
    this.el('scrub-time').textContent = formatTime(this.timeUs);
    this.el('state').innerHTML = stateAtHtml(this.model.mappings, this.model.nats, this.model.events, this.timeUs);
    if (scroll && this.entries.length) {
      const vp = this.el<HTMLDivElement>('viewport');
      vp.scrollTop = this.layout.y[entryAtTime(this.entries, this.timeUs)];
      this.render();
    }
  }

  private togglePlay(): void {
    if (this.playing !== undefined) { this.stopPlay(); return; }
    const win = this.root.ownerDocument.defaultView;
    if (!win) return;
    this.playing = win.setInterval(() => this.select(this.selected + 1, true), PLAY_STEP_MS);
    this.el('play').textContent = 'Pause';
  }

  private stopPlay(): void {
    if (this.playing === undefined) return;
    this.root.ownerDocument.defaultView?.clearInterval(this.playing);
    this.playing = undefined;
    this.el('play').textContent = 'Play';
  }
}

/** Mounts the interactive report into `root` from the run's data. */
export function mountViewer(root: HTMLElement, data: ReportData): Viewer {
  return new Viewer(root, data);
}
