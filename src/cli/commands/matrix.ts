/**
 * `natsim matrix`: the NAT connectivity matrix (src/matrix; docs/connectivity-matrix.md). Runs two full ICE agents
 * behind every ordered pair of the chosen NAT kinds, prints the table, and writes matrix.md and matrix.json into the
 * output folder (default reports/matrix). With --json, stdout is exactly one JSON object, the same as matrix.json:
 * `{"nats":[...],"turn":true,"cells":[{"a","b","outcome","localType","remoteType","connectMs","checks"[,"reason"][,"stopped"]}]}`.
 * Each cell runs within the run budgets --max-events, --max-wall and --max-memory-mb (defaults RUN_GUARD_DEFAULTS); a
 * cell that passes one is 'failed' with `stopped`. Exit 0, unless a cell was stopped by a budget or --check is given
 * and a cell differs from the expected table (src/matrix/expected.ts): then 1.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { SingleBar } from 'cli-progress';
import {
  BEHAVIOR_NATS, checkNatNames, expectedBehaviorOutcome, isFamilyNat, expectedFamilyOutcome, expectedOutcome, isBehaviorNat, isMatrixNat, MATRIX_NATS, matrixJson,
  matrixMarkdown, matrixText, MatrixUsageError, runMatrix, type CellLimits, type CellResult, type MatrixResult,
} from '../../matrix';
import { FIREWALL_PRESET_NAMES, isFirewallPresetName, type FirewallPresetName } from '../../nat/firewall-presets';
import { CliUsageError, EXIT } from '../cli-errors';
import { processIo, type CliIo } from '../cli-io';
import { paint } from '../output';
import { type RunLimitFlags, runLimitsFrom } from '../run-limits';
import { addRunLimitOptions, type RunLimitOption } from './run-limit-options';

/** The run budgets that apply to a matrix cell (it keeps no trace and writes no report folder). */
const MATRIX_LIMIT_OPTIONS: readonly RunLimitOption[] = ['events', 'wall', 'memory'];

/** The flags of `natsim matrix`, as commander hands them over (strings unparsed). */
export interface MatrixOptions extends Pick<RunLimitFlags, 'maxEvents' | 'maxWall' | 'maxMemoryMb'> {
  /** Comma-separated NAT kinds (named kinds and/or `<mapping>-<filtering>` behaviour kinds). */
  nats?: string;
  /** Shortcut for --nats with the 9 RFC 4787 behaviour kinds (the 9 × 9 table). */
  behaviors?: boolean;
  /** false = --no-turn. @default true */
  turn?: boolean;
  /** Output folder. @default 'reports/matrix' */
  out?: string;
  json?: boolean;
  seed?: string;
  /** Compare every cell with the expected table; exit 1 on a difference. */
  check?: boolean;
  /** A firewall preset at both sides' edges (e.g. udp-blocked). */
  firewall?: string;
}

/** The default output folder. */
export const DEFAULT_MATRIX_OUT = 'reports/matrix';

/** Parsed, validated flags. */
interface MatrixPlan {
  readonly nats: readonly string[];
  /** Budgets of each cell (--max-events, --max-wall, --max-memory-mb). */
  readonly limits: CellLimits;
  readonly turn: boolean;
  readonly out: string;
  readonly seed: number;
  readonly firewall?: FirewallPresetName;
}

/** Turns the flags into a plan; throws CliUsageError saying what would be valid. */
export function matrixPlan(opts: MatrixOptions): MatrixPlan {
  if (opts.behaviors && opts.nats !== undefined) {
    throw new CliUsageError('give either --nats or --behaviors, not both (--behaviors is --nats with the 9 mapping x filtering kinds)');
  }
  const nats = opts.behaviors ? [...BEHAVIOR_NATS] : opts.nats !== undefined ? natList(opts.nats) : [...MATRIX_NATS];
  const seedText = opts.seed ?? '1';
  const seed = /^\d{1,10}$/.test(seedText.trim()) ? Number(seedText) : Number.NaN;
  if (!(seed <= 0xffffffff)) throw new CliUsageError(`--seed '${seedText}' is not valid; valid: a whole number from 0 to ${0xffffffff}`);
  const out = opts.out ?? DEFAULT_MATRIX_OUT;
  if (out.trim() === '') throw new CliUsageError('--out needs a folder name');
  const { maxEvents, maxWallMs, maxMemoryBytes } = runLimitsFrom({ maxEvents: opts.maxEvents, maxWall: opts.maxWall, maxMemoryMb: opts.maxMemoryMb });
  const limits = { ...(maxEvents !== undefined ? { maxEvents } : {}), ...(maxWallMs !== undefined ? { maxWallMs } : {}), ...(maxMemoryBytes !== undefined ? { maxMemoryBytes } : {}) };
  if (opts.firewall !== undefined && !isFirewallPresetName(opts.firewall)) {
    throw new CliUsageError(`--firewall '${opts.firewall}' is not a firewall preset; valid: ${FIREWALL_PRESET_NAMES.join(', ')}`);
  }
  const firewall = opts.firewall as FirewallPresetName | undefined;
  if (firewall && nats.some((k) => isFamilyNat(k))) {
    throw new CliUsageError(`--firewall applies to the IPv4 NAT kinds only; leave out ${nats.filter((k) => isFamilyNat(k)).join(', ')}`);
  }
  return { nats, limits, turn: opts.turn !== false, out, seed, ...(firewall ? { firewall } : {}) };
}

function natList(text: string): string[] {
  const nats = text.split(',').map((n) => n.trim());
  if (nats.some((n) => n === '')) throw new CliUsageError(`--nats '${text}' has an empty name; write kinds separated by commas, e.g. --nats open,symmetric`);
  const twice = nats.find((n, i) => nats.indexOf(n) !== i);
  if (twice !== undefined) throw new CliUsageError(`--nats lists '${twice}' twice; each kind is one row and one column`);
  try {
    checkNatNames(nats);
  } catch (err) {
    if (err instanceof MatrixUsageError) throw new CliUsageError(`--${err.message}`);
    throw err;
  }
  return nats;
}

/** Creates the output folder before the (possibly long) run, so a bad --out fails fast. */
function prepareOut(out: string): void {
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new CliUsageError(`--out '${out}' cannot be used as a folder: ${(err as Error).message}`);
  }
}

/**
 * The expected outcome of a cell, when there is an expected table for it: both kinds named (libwebrtc's 7 × 7) or
 * both behaviour kinds (the 9 × 9 rule), or an address-family kind on either side. A named kind against a behaviour
 * kind has no table: undefined.
 */
export function expectedFor(c: CellResult, turn: boolean, firewall?: string): string | undefined {
  // Behind UDP-blocking firewalls (docs/connectivity-matrix.md): every pair relays over TURN/TCP on 443, or fails.
  if (firewall === 'udp-blocked' || firewall === 'tcp-443-only') return turn ? 'relay' : 'failed';
  if (firewall !== undefined) return undefined;
  const family = expectedFamilyOutcome(c.a, c.b, turn);
  if (family !== undefined) return family;
  if (isMatrixNat(c.a) && isMatrixNat(c.b)) return expectedOutcome(c.a, c.b, turn);
  if (isBehaviorNat(c.a) && isBehaviorNat(c.b)) return expectedBehaviorOutcome(c.a, c.b, turn);
  return undefined;
}

/** --check: the cells that differ from the expected table, and how many had no table. */
export function checkMatrix(r: MatrixResult): { deviations: string[]; unchecked: number } {
  const deviations: string[] = [];
  let unchecked = 0;
  for (const c of r.cells) {
    const want = expectedFor(c, r.turn, r.firewall);
    if (want === undefined) unchecked++;
    else if (want !== c.outcome) deviations.push(`${c.a} vs ${c.b}: ${c.outcome}, expected ${want}`);
  }
  return { deviations, unchecked };
}

/** The terminal table with outcomes coloured (direct green, relay yellow, failed red). */
function colouredTable(r: MatrixResult, colour: boolean): string {
  const hue = { direct: 'green', relay: 'yellow', failed: 'red' } as const;
  const lines = matrixText(r).split('\n');
  return lines
    .map((l, i) => (i === 0 ? paint(l, 'bold', colour) : l.replace(/(?<=\| )(direct|relay|failed)(?= |$)/g, (w) => paint(w, hue[w as keyof typeof hue], colour))))
    .join('\n');
}

/** Runs `natsim matrix`; returns the exit code. Throws CliUsageError for bad flags. */
export function matrixCommand(opts: MatrixOptions, io: CliIo): number {
  const plan = matrixPlan(opts);
  prepareOut(plan.out);
  const started = Date.now();
  const total = plan.nats.length * plan.nats.length;
  const bar = io.tty && io.progressStream && total > 1
    ? new SingleBar({ stream: io.progressStream, format: 'matrix {bar} {value}/{total} cells', hideCursor: true, clearOnComplete: true })
    : undefined;
  bar?.start(total, 0);
  let result: MatrixResult;
  try {
    result = runMatrix({
      nats: plan.nats, turn: plan.turn, seed: plan.seed, limits: plan.limits, ...(plan.firewall ? { firewall: plan.firewall } : {}),
      onCell: (_c, i) => bar?.update(i + 1),
    });
  } finally {
    bar?.stop();
  }
  const json = `${JSON.stringify(matrixJson(result))}\n`;
  const mdPath = join(plan.out, 'matrix.md');
  const jsonPath = join(plan.out, 'matrix.json');
  writeFileSync(mdPath, matrixMarkdown(result));
  writeFileSync(jsonPath, json);
  const check = opts.check ? checkMatrix(result) : undefined;
  const checkLines = check ? checkText(check, io.colour && !opts.json) : [];
  const stopped = result.cells.filter((c) => c.stopped !== undefined).length;
  const stoppedLine = stopped > 0 ? [paint(`${stopped} cell${stopped === 1 ? ' was' : 's were'} stopped by a run budget (--max-events, --max-wall, --max-memory-mb): their outcome is unknown`, 'red', io.colour && !opts.json)] : [];
  if (opts.json) {
    io.out(json);
    if (stopped > 0) io.err(`${stoppedLine.join('\n')}\n`);
    if (check && check.deviations.length > 0) io.err(`${checkLines.join('\n')}\n`);
  } else {
    const n = plan.nats.length;
    const head = `natsim matrix: ${n} x ${n} NAT kinds, TURN ${plan.turn ? 'on' : 'off'}${plan.firewall ? `, firewall ${plan.firewall} at both edges (TURN on 443, UDP and TCP)` : ''}, seed ${plan.seed}; rows = controlling agent's NAT, columns = controlled agent's NAT`;
    const failed = result.cells.filter((c) => c.outcome === 'failed').map((c) => `  ${c.a} vs ${c.b}: ${c.reason ?? 'unknown'}`);
    io.out([
      paint(head, 'bold', io.colour),
      '',
      colouredTable(result, io.colour).trimEnd(),
      ...(failed.length > 0 ? ['', 'why cells failed:', ...failed] : []),
      ...(checkLines.length > 0 ? ['', ...checkLines] : []),
      ...stoppedLine,
      `wrote ${mdPath} and ${jsonPath} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
    ].join('\n'));
  }
  return stopped > 0 || (check && check.deviations.length > 0) ? EXIT.failed : EXIT.ok;
}

function checkText(check: { deviations: string[]; unchecked: number }, colour: boolean): string[] {
  const skipped = check.unchecked > 0 ? ` (${check.unchecked} cells mixing named and behaviour kinds have no expected outcome)` : '';
  if (check.deviations.length === 0) return [paint(`check: every cell matches the expected table${skipped}`, 'green', colour)];
  return [
    paint(`check: ${check.deviations.length} cells differ from the expected table${skipped}:`, 'red', colour),
    ...check.deviations.map((d) => `  ${d}`),
  ];
}

/** Registers `natsim matrix`. */
export function register(program: Command): void {
  const cmd = program
    .command('matrix')
    .description(`ICE connectivity between every ordered pair of NAT kinds (rows controlling, columns controlled); writes matrix.md and matrix.json to --out`)
    .option('--nats <kinds>', `comma-separated NAT kinds (default: the 7 named kinds): ${MATRIX_NATS.join(', ')}; or mapping x filtering kinds: ${BEHAVIOR_NATS.join(', ')}`)
    .option('--behaviors', 'the 9 x 9 table of every RFC 4787 mapping x filtering kind (same as --nats with all 9 behaviour kinds)')
    .option('--no-turn', 'offer no TURN server: cells that need a relay fail and say why')
    .option('--firewall <preset>', `put a firewall preset at both sides' edges (${FIREWALL_PRESET_NAMES.join(', ')}); TURN then listens on 443 over UDP and TCP`)
    .option('--out <dir>', 'folder for matrix.md and matrix.json', DEFAULT_MATRIX_OUT)
    .option('--json', 'print one JSON object (the same as matrix.json) instead of the table')
    .option('--seed <n>', 'world seed of every cell (outcomes do not depend on it; ports do)', '1')
    .option('--check', 'compare each cell with the expected table (docs/connectivity-matrix.md); exit 1 if any differs');
  addRunLimitOptions(cmd, MATRIX_LIMIT_OPTIONS)
    .action((opts: MatrixOptions) => {
      process.exitCode = matrixCommand(opts, processIo());
    });
}
