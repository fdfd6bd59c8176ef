/**
 * Matrix results as text: a terminal table, Markdown (matrix.md) and the JSON object of `natsim matrix --json`.
 * Pure functions of a MatrixResult.
 */
import type { CellResult } from './run-cell';
import type { MatrixResult } from './run-matrix';

/** Short labels for the named kinds in table headers. */
const ABBREV: Readonly<Record<string, string>> = {
  open: 'OPEN',
  'full-cone': 'CONE',
  'restricted-cone': 'ADDR',
  'port-restricted-cone': 'PORT',
  symmetric: 'SYMM',
  'cone-behind-cone': '2CON',
  'cone-behind-symmetric': 'SCON',
};

/** A column label: libwebrtc's abbreviation for named kinds, the name for behaviour kinds. */
export function natLabel(name: string): string {
  return ABBREV[name] ?? name.toUpperCase();
}

/** One cell as short text: 'direct srflx/prflx', 'relay relay/prflx', 'failed'. */
export function cellText(c: CellResult): string {
  return c.outcome === 'failed' ? 'failed' : `${c.outcome} ${c.localType}/${c.remoteType}`;
}

function cellAt(r: MatrixResult, i: number, j: number): CellResult {
  return r.cells[i * r.nats.length + j];
}

/** The table for a terminal: rows = controlling agent's NAT, columns = controlled agent's NAT. */
export function matrixText(r: MatrixResult): string {
  const labels = r.nats.map(natLabel);
  const rowHead = Math.max(4, ...labels.map((l) => l.length));
  const width = Math.max(...labels.map((l) => l.length), ...r.cells.map((c) => cellText(c).length));
  const line = (head: string, cols: string[]): string => `${head.padEnd(rowHead)} | ${cols.map((c) => c.padEnd(width)).join(' | ')}`.trimEnd();
  const out = [line('a\\b', labels), `${'-'.repeat(rowHead)}-+-${labels.map(() => '-'.repeat(width)).join('-+-')}`];
  r.nats.forEach((_, i) => out.push(line(labels[i], r.nats.map((__, j) => cellText(cellAt(r, i, j))))));
  out.push('');
  out.push(summaryLine(r));
  return `${out.join('\n')}\n`;
}

/** "49 cells: 40 direct, 9 relay, 0 failed (TURN on)". */
export function summaryLine(r: MatrixResult): string {
  const n = (o: string): number => r.cells.filter((c) => c.outcome === o).length;
  return `${r.cells.length} cells: ${n('direct')} direct, ${n('relay')} relay, ${n('failed')} failed (TURN ${r.turn ? 'on' : 'off'})`;
}

/** matrix.md: the table with connect times, then every failure's reason. */
export function matrixMarkdown(r: MatrixResult): string {
  const labels = r.nats.map(natLabel);
  const out = [
    `# Connectivity matrix (${r.turn ? 'with' : 'without'} TURN)`,
    '',
    'Rows: the controlling agent\'s NAT; columns: the controlled agent\'s NAT. Each cell: outcome, candidate types of the',
    'selected pair (row side / column side), virtual time until both agents selected it, and connectivity checks sent.',
    '',
    r.nats.map((n, i) => `- **${labels[i]}**: ${n}`).join('\n'),
    '',
    `| a \\ b | ${labels.join(' | ')} |`,
    `|---|${labels.map(() => '---').join('|')}|`,
  ];
  r.nats.forEach((_, i) => {
    const cols = r.nats.map((__, j) => {
      const c = cellAt(r, i, j);
      return c.outcome === 'failed' ? `**failed** (${c.checks} checks)` : `${c.outcome} ${c.localType}/${c.remoteType}, ${c.connectMs} ms, ${c.checks} checks`;
    });
    out.push(`| **${labels[i]}** | ${cols.join(' | ')} |`);
  });
  out.push('', summaryLine(r));
  const failed = r.cells.filter((c) => c.outcome === 'failed');
  if (failed.length > 0) {
    out.push('', '## Why cells failed', '');
    for (const c of failed) out.push(`- **${c.a} → ${c.b}**: ${c.reason ?? 'unknown'}`);
  }
  return `${out.join('\n')}\n`;
}

/** The JSON object of `natsim matrix --json` (and matrix.json). */
export function matrixJson(r: MatrixResult): { nats: string[]; turn: boolean; firewall?: string; cells: Record<string, unknown>[] } {
  return {
    nats: [...r.nats],
    turn: r.turn,
    ...(r.firewall ? { firewall: r.firewall } : {}),
    cells: r.cells.map((c) => ({
      a: c.a,
      b: c.b,
      outcome: c.outcome,
      localType: c.localType,
      remoteType: c.remoteType,
      ...(c.relayProtocol ? { relayProtocol: c.relayProtocol } : {}),
      connectMs: c.connectMs,
      checks: c.checks,
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...(c.stopped !== undefined ? { stopped: c.stopped } : {}),
    })),
  };
}
