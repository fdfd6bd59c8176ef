/**
 * What `natsim run` prints: one block per run (PASS/FAIL, name, cell, seed, virtual time, events, trace hash, and
 * the failed expectations with their details), sweep tables, and the closing summary.
 */
import { join } from 'path';
import { formatTime } from '../sim/time';
import { paint } from './output';
import type { RunUnit } from './run-plan';
import type { UnitResult } from './run-unit';

/** The block printed for one run. `verbose` lists passing expectations too. */
export function runBlock(unit: RunUnit, r: UnitResult, colour: boolean, verbose = false): string {
  const held = r.expectations.filter((e) => e.passed).length;
  const status = r.passed ? paint('PASS', 'green', colour) : paint('FAIL', 'red', colour);
  const cell = unit.label ? ` [${unit.label}]` : '';
  const facts = `${unit.file}, seed ${r.seed}, ${formatTime(Math.round(r.virtualTimeMs * 1000))} virtual, ${r.events} events, trace ${r.traceHash.slice(0, 12)}`;
  const lines = [`${status} ${paint(unit.name, 'bold', colour)}${cell}  ${held}/${r.expectations.length} expectations  (${facts})`];
  for (const e of r.expectations) {
    if (e.passed && !verbose) continue;
    const mark = e.passed ? paint('ok', 'green', colour) : paint('x ', 'red', colour);
    lines.push(`     ${mark} ${e.name}: ${e.detail}`);
  }
  if (r.ttlDrops > 0) lines.push(`     ${paint('!', 'yellow', colour)}  ${r.ttlDrops} datagram${r.ttlDrops === 1 ? '' : 's'} dropped for TTL (ttl-expired): a routing loop? (natsim validate warns about static route loops)`);
  for (const cut of r.reportCut ?? []) lines.push(`     ${paint('!', 'yellow', colour)}  report file ${cut}`);
  if (!r.passed && r.reportDir) lines.push(`     see ${join(r.reportDir, 'report.html')}`);
  return `${lines.join('\n')}\n`;
}

/** Counts for the summary. */
export interface RunTotals {
  readonly files: number;
  readonly runs: number;
  readonly passed: number;
  readonly expectations: number;
  readonly expectationsHeld: number;
}

/** Totals over the results. */
export function totals(files: number, results: readonly UnitResult[]): RunTotals {
  const all = results.flatMap((r) => r.expectations);
  return {
    files, runs: results.length, passed: results.filter((r) => r.passed).length,
    expectations: all.length, expectationsHeld: all.filter((e) => e.passed).length,
  };
}

/** The closing summary. */
export function summaryText(t: RunTotals, extra: { out?: string; shard?: readonly [number, number]; totalUnits: number; threads?: number; seconds?: number; merged?: number }, colour: boolean): string {
  const failed = t.runs - t.passed;
  const verdict = failed === 0 ? paint(`all ${t.runs} passed`, 'green', colour) : paint(`${failed} of ${t.runs} failed`, 'red', colour);
  const lines = [
    `${t.runs} run${t.runs === 1 ? '' : 's'} of ${t.files} scenario file${t.files === 1 ? '' : 's'}: ${verdict}; ${t.expectationsHeld} of ${t.expectations} expectations held`,
  ];
  if (extra.shard && extra.shard[1] > 1) lines.push(`shard ${extra.shard[0]}/${extra.shard[1]}: ${t.runs} of ${extra.totalUnits} runs`);
  if (extra.out !== undefined) lines.push(`reports in ${extra.out}/ (open <scenario>/report.html)`);
  if (extra.merged !== undefined) lines.push(`merged from ${extra.merged} shard${extra.merged === 1 ? '' : 's'}`);
  if (extra.seconds !== undefined && extra.threads !== undefined) lines.push(`took ${extra.seconds.toFixed(1)}s on ${extra.threads} thread${extra.threads === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}
