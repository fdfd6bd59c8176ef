/**
 * report.md: the run for people, in plain Markdown (renders on GitHub and in any editor): result, expectations
 * with evidence, topology, event counts, drops by reason and NAT mapping tables.
 */
import { runErrorMessages } from './run-errors';
import { formatTime } from '../sim/time';
import { evidenceLines } from './event-text';
import { MAX_MAPPING_ROWS, mappingEndpointText, mappingHistory, MappingLife } from './mapping-history';
import { RunRecord, recordPassed, sortKeys } from './run-record';
import { counterSummary } from './summary-json';

/** Escapes text for a Markdown table cell (pipes, newlines). */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function header(record: RunRecord): string[] {
  const { scenario, stats, expectations } = record;
  const held = expectations.filter((e) => e.passed).length;
  const params = Object.entries(sortKeys(scenario.params ?? {})).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  const facts: string[][] = [
    ['Result', `${recordPassed(record) ? 'PASS' : 'FAIL'} (${held} of ${expectations.length} expectations hold)`],
    ['Seed', String(scenario.seed)],
    ...(scenario.file ? [['Scenario file', scenario.file]] : []),
    ...(params ? [['Parameters', params]] : []),
    ['Virtual time', formatTime(Math.round(stats.virtualTimeMs * 1000))],
    ['Trace events', String(stats.events)],
    ['Trace hash', stats.traceHash],
  ];
  return [`# ${scenario.name}`, '', scenario.description.trim(), '', ...table(['', ''], facts), ''];
}

/** The errors inside the run (run-errors.ts), before everything else; none for a run without errors. */
function runErrorsSection(record: RunRecord): string[] {
  const messages = runErrorMessages(record);
  if (messages.length === 0) return [];
  return ['## Errors during the run', '', 'The run failed because of these errors (exit code 3):', '', ...messages.map((m) => `- \`${m}\``), ''];
}

function expectationsSection(record: RunRecord): string[] {
  const out = ['## Expectations', ''];
  if (record.expectations.length === 0) return [...out, 'This scenario has no expectations.', ''];
  out.push(...table(['#', 'Result', 'Expectation', 'Detail'],
    record.expectations.map((e, i) => [String(i + 1), e.passed ? 'PASS' : 'FAIL', e.name, e.detail])), '');
  record.expectations.forEach((e, i) => {
    out.push(`### ${i + 1}. ${e.passed ? 'PASS' : 'FAIL'}: ${e.name}`, '', e.detail, '');
    if (e.evidence.length === 0) out.push('No evidence events.', '');
    else out.push('Evidence:', '', '```text', ...evidenceLines(e.evidence), '```', '');
  });
  return out;
}

function topologySection(record: RunRecord): string[] {
  const { networks, nodes } = record.topology;
  return [
    '## Topology', '',
    ...table(['Network', 'Prefix'], networks.map((n) => [n.name, (n.prefixes ?? [n.cidr]).join(', ')])), '',
    ...table(['Node', 'Kind', 'Detail', 'Interfaces'], nodes.map((n) => [
      n.name, n.kind, n.detail ?? '',
      n.ifaces.map((i) => `${i.name} ${i.ip} on ${i.network}${i.role ? ` (${i.role})` : ''}`).join(', '),
    ])), '',
  ];
}

function countersSection(record: RunRecord): string[] {
  const c = counterSummary(record.stats.counters);
  const drops = Object.entries(c.dropsByReason).filter(([, n]) => n > 0);
  const agents = Object.entries(c.agentEvents);
  return [
    '## Trace events by kind', '',
    ...table(['Kind', 'Count'], Object.entries(c.byKind).map(([k, n]) => [k, String(n)])), '',
    '## Drops by reason', '',
    ...(drops.length === 0 ? ['No packet was dropped.'] : table(['Reason', 'Count'], drops.map(([k, n]) => [k, String(n)]))), '',
    ...(agents.length === 0 ? [] : ['## Agent events', '', ...table(['Agent:event', 'Count'], agents.map(([k, n]) => [k, String(n)])), '']),
  ];
}

function lifeRow(m: MappingLife): string[] {
  const last = m.refreshes.length > 0 ? ` (last ${formatTime(m.refreshes[m.refreshes.length - 1])})` : '';
  const end = m.ended ? `${m.ended.how} at ${formatTime(m.ended.t)}`
    : m.expiresAt !== undefined ? `alive, expires at ${formatTime(m.expiresAt)}` : 'alive';
  return [mappingEndpointText(m), m.external, m.remote ?? 'any', m.created === undefined ? 'before trace' : formatTime(m.created),
    `${m.refreshes.length}${last}`, end];
}

function mappingsSection(record: RunRecord): string[] {
  const tables = mappingHistory(record.events, record.topology.nodes.map((n) => n.name));
  const out = ['## NAT mappings', ''];
  if (tables.length === 0) return [...out, 'No NAT mapping events in the trace.', ''];
  for (const t of tables) {
    out.push(`### ${t.nat}`, '', ...table(['Internal', 'External', 'Remote', 'Created', 'Refreshes', 'End'],
      t.mappings.slice(0, MAX_MAPPING_ROWS).map(lifeRow)), '');
    if (t.mappings.length > MAX_MAPPING_ROWS) out.push(`Showing the first ${MAX_MAPPING_ROWS} of ${t.mappings.length} mappings.`, '');
  }
  return out;
}

/** report.md text (newline-terminated). */
export function reportMarkdown(record: RunRecord): string {
  const lines = [
    ...header(record), ...runErrorsSection(record), ...expectationsSection(record), ...topologySection(record),
    ...countersSection(record), ...mappingsSection(record),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
