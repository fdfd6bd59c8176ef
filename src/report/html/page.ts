/**
 * report.html: one self-contained page (inline CSS, SVG and script, no external resources) with the run's result,
 * the topology, the interactive sequence diagram of the whole run (rendered by the inlined viewer from the run data
 * embedded once as JSON; a static ladder of the first packets stays for readers without scripts), each NAT's
 * mappings over time, the expectations with their evidence, and the event counts.
 */
import { formatTime } from '../../sim/time';
import { mappingHistory } from '../mapping-history';
import { RunRecord, recordPassed, sortKeys } from '../run-record';
import { counterSummary } from '../summary-json';
import { escapeText } from './escape';
import { expectationsHtml } from './expectations-html';
import { runErrorsHtml } from './run-errors-html';
import { buildLadder } from './ladder-model';
import { ladderSvg } from './ladder-svg';
import { mappingTablesHtml } from './mapping-table';
import { reportDataScriptJson, TRACE_DATA_ID } from './report-data';
import { viewerScript } from './viewer-bundle';
import { VIEWER_STYLES } from './viewer-styles';
import { KIND_COLORS, PAYLOAD_COLORS, RED, STYLES } from './styles';
import { layoutTopology, lifelineOrder } from './topology-layout';
import { topologySvg } from './topology-svg';

/** Options for reportHtml. */
export interface ReportHtmlInit {
  /**
   * Packets drawn in the static ladder diagram (the first ones), which readers without scripts see; the page says
   * how many were left out. The interactive diagram always covers the whole run.
   * @default 40
   */
  ladderMaxPackets?: number;
}

function headerHtml(record: RunRecord): string {
  const { scenario, stats, expectations } = record;
  const passed = recordPassed(record);
  const held = expectations.filter((e) => e.passed).length;
  const params = Object.entries(sortKeys(scenario.params ?? {})).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  const facts: [string, string][] = [
    ['Expectations', `${held} of ${expectations.length} hold`],
    ['Seed', String(scenario.seed)],
    ...(scenario.file ? [['Scenario file', scenario.file] as [string, string]] : []),
    ...(params ? [['Parameters', params] as [string, string]] : []),
    ['Virtual time', formatTime(Math.round(stats.virtualTimeMs * 1000))],
    ['Trace events', String(stats.events)],
    ['Trace hash', stats.traceHash],
  ];
  const paragraphs = scenario.description.trim().split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return `<header><h1>${escapeText(scenario.name)}<span class="badge ${passed ? 'pass' : 'fail'}">${passed ? 'PASS' : 'FAIL'}</span></h1>` +
    paragraphs.map((p) => `<p>${escapeText(p.trim())}</p>`).join('') +
    `<table class="facts">${facts.map(([k, v]) => `<tr><th>${k}</th><td${k === 'Trace hash' ? ' class="mono"' : ''}>${escapeText(v)}</td></tr>`).join('')}</table>` +
    '<nav><a href="#topology">Topology</a><a href="#sequence">Sequence diagram</a><a href="#mappings">NAT mappings</a>' +
    '<a href="#expectations">Expectations</a><a href="#counts">Counts</a></nav></header>';
}

function legendHtml(): string {
  const kinds: [keyof typeof KIND_COLORS, string][] = [['host', 'host'], ['nat', 'NAT'], ['firewall', 'firewall'], ['router', 'router'], ['stun-server', 'STUN server'], ['turn-server', 'TURN server']];
  return `<p class="legend">${kinds.map(([k, label]) => `<span><span class="swatch" style="background:${KIND_COLORS[k].fill};border-color:${KIND_COLORS[k].stroke}"></span>${label}</span>`).join('')}</p>`;
}

function ladderHtml(record: RunRecord, init: ReportHtmlInit): string {
  const order = lifelineOrder(layoutTopology(record.topology));
  const model = buildLadder(record.topology, record.events, { maxPackets: init.ladderMaxPackets, order });
  const svg = ladderSvg(model);
  if (!svg) return '<p class="note">No packets in the trace.</p>';
  const capped = model.packetsShown < model.packetsTotal
    ? `Showing the first ${model.packetsShown} of ${model.packetsTotal} packets; every packet is in trace.jsonl and capture.pcapng.`
    : `All ${model.packetsTotal} packet${model.packetsTotal === 1 ? '' : 's'} of the run.`;
  const legend = `<p class="legend"><span style="color:${PAYLOAD_COLORS.stun}"><b>&#8594;</b> STUN</span>` +
    `<span style="color:${PAYLOAD_COLORS.turn}"><b>&#8594;</b> TURN / ChannelData</span><span style="color:${PAYLOAD_COLORS.data}"><b>&#8594;</b> other data</span>` +
    `<span style="color:${RED}"><b>X</b> dropped, with the reason</span><span><span class="swatch" style="background:#fff0d9;border-color:#b45300"></span>address translation at a NAT</span></p>`;
  return `<div id="static-ladder"><p class="note">${capped} Time runs downwards; each arrow is one hop, labelled with the message above and the addresses on the wire below. Hover an arrow for details.</p>` +
    legend + `<div class="figure">${svg}</div></div>`;
}

function countsHtml(record: RunRecord): string {
  const c = counterSummary(record.stats.counters);
  const rows = (o: Record<string, number>, onlyNonZero: boolean): string => Object.entries(o).filter(([, n]) => !onlyNonZero || n > 0)
    .map(([k, n]) => `<tr><td>${escapeText(k)}</td><td class="num">${n}</td></tr>`).join('');
  const drops = rows(c.dropsByReason, true);
  return `<div class="counts"><div><h3>Trace events by kind</h3><table><tr><th>Kind</th><th>Count</th></tr>${rows(c.byKind, false)}</table></div>` +
    `<div><h3>Drops by reason</h3>${drops ? `<table><tr><th>Reason</th><th>Count</th></tr>${drops}</table>` : '<p>No packet was dropped.</p>'}</div></div>`;
}

/** The whole report.html text. */
export function reportHtml(record: RunRecord, init: ReportHtmlInit = {}): string {
  let endUs = Math.max(1, Math.round(record.stats.virtualTimeMs * 1000));
  for (const e of record.events) if (e.t > endUs) endUs = e.t;
  const mappings = mappingHistory(record.events, record.topology.nodes.map((n) => n.name));
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>natsim: ${escapeText(record.scenario.name)}</title><style>${STYLES}${VIEWER_STYLES}</style></head><body>`,
    headerHtml(record),
    runErrorsHtml(record),
    `<section id="topology"><h2>Topology</h2>${legendHtml()}<div class="figure">${topologySvg(record.topology)}</div></section>`,
    `<section id="sequence"><h2>Sequence diagram</h2><div id="seq-app"></div>${ladderHtml(record, init)}</section>`,
    `<section id="mappings"><h2>NAT mappings over time</h2>${mappingTablesHtml(mappings, endUs)}</section>`,
    `<section id="expectations"><h2>Expectations</h2>${expectationsHtml(record.expectations)}</section>`,
    `<section id="counts"><h2>Counts</h2>${countsHtml(record)}</section>`,
    `<script type="application/json" id="${TRACE_DATA_ID}">${reportDataScriptJson(record)}</script>`,
    `<script>${viewerScript()}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
