/**
 * One connectivity-matrix cell: alice behind NAT kind `a` (controlling, the row) and bob behind kind `b`
 * (controlled, the column) run full ICE agents with a public STUN server and, optionally, a TURN server. The cell
 * stops as soon as both agents selected a pair or failed, so it costs a few hundred events.
 */
import type { CandidateType } from '../protocols/ice';
import { IceAgent, type IceAgentInit } from '../agents/ice';
import { SignalingChannel } from '../agents/signaling';
import type { DroppedEvent } from '../sim/trace-events';
import { natStack } from './nat-kinds';
import { buildPairWorld, PAIR_WORLD, type PairWorld } from './pair-world';

/** How a cell connected. */
export type CellOutcome = 'direct' | 'relay' | 'failed';

/** Options of a cell run. */
export interface CellInit {
  /** Offer a TURN server (relayed candidates). @default true */
  readonly turn?: boolean;
  /** World seed. @default 1 */
  readonly seed?: number | string;
  /** Give up after this much virtual time, ms. @default 60000 */
  readonly maxMs?: number;
  /** One-way signaling delay, ms. @default 50 */
  readonly signalingDelayMs?: number;
}

/** The result of one cell, from the row agent's (alice's) point of view. */
export interface CellResult {
  /** Row NAT kind (alice, controlling). */
  readonly a: string;
  /** Column NAT kind (bob, controlled). */
  readonly b: string;
  readonly outcome: CellOutcome;
  /** Alice's local candidate type in the selected pair. */
  readonly localType: CandidateType | null;
  /** Alice's remote (bob's) candidate type in the selected pair. */
  readonly remoteType: CandidateType | null;
  /** Virtual ms from start until both agents had selected a pair. */
  readonly connectMs: number | null;
  /** Connectivity checks started by both agents (retransmissions not counted). */
  readonly checks: number;
  /** Why it failed: the agents' explanation and where the checks were dropped. */
  readonly reason?: string;
}

/** The ICE options both agents share in a cell (also used by tests that build their own pair worlds). */
export function cellAgentInit(side: 'alice' | 'bob', turn: boolean): IceAgentInit {
  return {
    role: side === 'alice' ? 'controlling' : 'controlled',
    stunServers: [PAIR_WORLD.stunServer],
    turnServers: turn ? [{ ...PAIR_WORLD.turnServer, username: side, password: PAIR_WORLD.users[side] }] : [],
  };
}

/** Runs one cell. NAT kinds are names from knownNatNames(). */
export function runCell(a: string, b: string, init: CellInit = {}): CellResult {
  const turn = init.turn ?? true;
  const first = runOnce(a, b, turn, init, false);
  // A failure is explained from the drops in the trace: run the (deterministic) cell again with a full trace.
  return first.outcome === 'failed' ? runOnce(a, b, turn, init, true) : first;
}

function runOnce(a: string, b: string, turn: boolean, init: CellInit, explain: boolean): CellResult {
  const pw = buildPairWorld({ alice: natStack(a), bob: natStack(b), turn, world: { seed: init.seed ?? 1, trace: explain ? 'full' : 'off' } });
  const drops: DroppedEvent[] = [];
  if (explain) pw.world.sim.trace.subscribe((e) => e.kind === 'dropped' && drops.push(e));
  const signaling = SignalingChannel.forWorld(pw.world, { delayMs: init.signalingDelayMs ?? 50 });
  const failures: string[] = [];
  const mk = (side: 'alice' | 'bob'): IceAgent =>
    new IceAgent(pw[side].env('ice'), {
      ...cellAgentInit(side, turn),
      signaling: signaling.endpoint(side),
      callbacks: { onFailed: (e) => failures.push(`${side}: ${'detail' in e ? e.detail : e.reason}`) },
    });
  const alice = mk('alice');
  const bob = mk('bob');
  pw.world.runFor(1); // servers bind
  const t0 = pw.world.nowMs;
  alice.start();
  bob.start();
  const settled = (x: IceAgent): boolean => x.state === 'connected' || x.state === 'failed';
  pw.world.runUntil(() => settled(alice) && settled(bob), init.maxMs ?? 60_000);
  const checks = alice.stats.checksSent + bob.stats.checksSent;
  const pa = alice.selectedPair;
  const both = alice.state === 'connected' && bob.state === 'connected' && pa && bob.selectedPair;
  const result: CellResult = both
    ? {
        a, b, outcome: pa.viaRelay ? 'relay' : 'direct', localType: pa.localType, remoteType: pa.remoteType,
        connectMs: Math.round(Math.max(connectedAt(alice), connectedAt(bob)) - t0), checks,
      }
    : { a, b, outcome: 'failed', localType: null, remoteType: null, connectMs: null, checks, reason: failureReason(pw, alice, bob, failures, drops) };
  alice.close();
  bob.close();
  return result;
}

/** Virtual ms when an agent connected (its 'connected' event), from its stats. */
function connectedAt(x: IceAgent): number {
  return x.connectedAt ?? Number.NaN;
}

function failureReason(pw: PairWorld, alice: IceAgent, bob: IceAgent, failures: readonly string[], drops: readonly DroppedEvent[]): string {
  const mine = failures.find((f) => f.startsWith('alice: ')) ?? failures[0];
  const parts = [mine ? mine.replace(/^alice: /, '') : `alice ${alice.state}, bob ${bob.state} when the cell gave up`];
  const nats = new Set([...pw.nats.alice, ...pw.nats.bob]);
  const filtered = new Map<string, number>(); // key: "node (why)"
  let unroutable = 0;
  for (const d of drops) {
    if (!nats.has(d.node)) continue;
    if (d.reason === 'no-route') {
      unroutable++;
      continue;
    }
    const why = d.detail ? `${d.reason}: ${d.detail.replace(/: .*/, '')}` : d.reason;
    const k = `${d.node} (${why})`;
    filtered.set(k, (filtered.get(k) ?? 0) + 1);
  }
  const keys = [...filtered.keys()].sort();
  if (keys.length > 0) parts.push(`checks dropped: ${keys.map((k) => `${filtered.get(k)} at ${k}`).join(', ')}`);
  if (unroutable > 0) parts.push(`${unroutable} checks to private host candidates had no route`);
  return parts.join('; ');
}
