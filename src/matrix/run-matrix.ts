/**
 * The connectivity matrix: every ordered pair of NAT kinds, the row's agent controlling. Deterministic: the same
 * kinds, TURN setting and seed give the same table.
 */
import { runCell, type CellInit, type CellResult } from './run-cell';
import { knownNatNames, MATRIX_NATS } from './nat-kinds';
import { MatrixUsageError } from './errors';

/** Options of a matrix run. */
export interface MatrixInit extends CellInit {
  /** NAT kinds (rows and columns), in order. @default MATRIX_NATS */
  readonly nats?: readonly string[];
  /** Called after each cell (progress bars). */
  readonly onCell?: (cell: CellResult, index: number, total: number) => void;
}

/** A whole table. */
export interface MatrixResult {
  readonly nats: readonly string[];
  readonly turn: boolean;
  /** The firewall preset at both edges (matrix --firewall), when one was set. */
  readonly firewall?: string;
  /** Row-major: cells[i * n + j] is row nats[i] against column nats[j]. */
  readonly cells: readonly CellResult[];
}

/**
 * Checks NAT kind names.
 * @throws MatrixUsageError naming the unknown kinds and listing the valid ones
 */
export function checkNatNames(nats: readonly string[]): void {
  const valid = knownNatNames();
  const bad = nats.filter((n) => !valid.includes(n));
  if (bad.length > 0) throw new MatrixUsageError('nats', `unknown NAT ${bad.map((b) => `'${b}'`).join(', ')}; valid: ${valid.join(', ')}`);
  if (nats.length === 0) throw new MatrixUsageError('nats', `give at least one NAT; valid: ${valid.join(', ')}`);
}

/** Runs every ordered pair of `init.nats`. */
export function runMatrix(init: MatrixInit = {}): MatrixResult {
  const nats = init.nats ?? MATRIX_NATS;
  checkNatNames(nats);
  const cells: CellResult[] = [];
  const total = nats.length * nats.length;
  for (const a of nats) {
    for (const b of nats) {
      const cell = runCell(a, b, init);
      cells.push(cell);
      init.onCell?.(cell, cells.length - 1, total);
    }
  }
  return { nats: [...nats], turn: init.turn ?? true, ...(init.firewall ? { firewall: init.firewall } : {}), cells };
}
