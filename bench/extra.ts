/** Benchmarks contributed by later layers (e.g. the 7 x 7 connectivity matrix); each returns one metric. */
import { runMatrix } from '../src/matrix';
import { packetHopsPerSecIpv6 } from './ipv6-ping-pong';
import { tcpBytesPerSec, tcpSegmentsPerSec } from './tcp';

/** One extra benchmark. */
export type ExtraBenchmark = () => { metric: string; value: number; unit: string };

/**
 * Wall seconds of the full 7 × 7 connectivity matrix with STUN and TURN (49 cells, each a fresh pair world with two
 * ICE agents; docs/connectivity-matrix.md), after one 2 × 2 warm-up so V8 has compiled the ICE and TURN paths.
 * Target: under 5 s on a 2-core machine.
 */
export function matrix7x7WithTurn(): { metric: string; value: number; unit: string } {
  runMatrix({ nats: ['port-restricted-cone', 'symmetric'], turn: true });
  const t0 = process.hrtime.bigint();
  const r = runMatrix({ turn: true });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.cells.length !== 49 || r.cells.some((c) => c.outcome === 'failed')) throw new Error('7 x 7 matrix with TURN: a cell failed');
  return { metric: 'matrix7x7WithTurnSec', value: seconds, unit: 's' };
}

/** Registered extra benchmarks, run after the core ones. */
export const EXTRA_BENCHMARKS: ExtraBenchmark[] = [matrix7x7WithTurn, packetHopsPerSecIpv6, tcpSegmentsPerSec, tcpBytesPerSec];
