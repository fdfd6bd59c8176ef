/**
 * One connectivity-matrix cell: alice behind NAT kind `a` (controlling, the row) and bob behind kind `b`
 * (controlled, the column) run full ICE agents with a public STUN server and, optionally, a TURN server. The cell
 * stops as soon as both agents selected a pair or failed, so it costs a few hundred events.
 */
import type { CandidateType } from '../protocols/ice';
import { IceAgent, type IceAgentInit } from '../agents/ice';
import { SignalingChannel } from '../agents/signaling';
import { RunawayError } from '../sim/errors';
import { RUN_GUARD_DEFAULTS, RunGuard, type RunGuardInit } from '../sim/run-guard';
import type { DroppedEvent } from '../sim/trace-events';
import { sideSpec } from './nat-kinds';
import { buildPairWorld, pairTurnServer, PAIR_WORLD, type PairWorld } from './pair-world';
import type { FirewallPresetName } from '../nat/firewall-presets';

/** How a cell connected. */
export type CellOutcome = 'direct' | 'relay' | 'failed';

/**
 * Budgets of one cell run (`natsim matrix --max-events --max-wall --max-memory-mb`), each 0 for none, so a runaway
 * cell stops in bounded time and memory. A cell within them is not changed by them.
 */
export interface CellLimits extends Pick<RunGuardInit, 'maxWallMs' | 'maxMemoryBytes' | 'clock' | 'memory' | 'clockEvery'> {
  /** Events processed (Infinity: none). @default RUN_GUARD_DEFAULTS.maxEvents */
  readonly maxEvents?: number;
}

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
  /** Run budgets of the cell; a cell that passes one is 'failed' with `stopped` set. @default RUN_GUARD_DEFAULTS */
  readonly limits?: CellLimits;
  /**
   * A firewall preset at the edge of both sides (`natsim matrix --firewall udp-blocked`): the TURN server listens on
   * 443 over UDP and TCP, and the agents offer both (as a browser's RTCIceServer list would). @default none
   */
  readonly firewall?: FirewallPresetName;
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
  /** How alice reaches her TURN server when the selected pair is relayed (RTCIceCandidateStats.relayProtocol). */
  readonly relayProtocol?: 'udp' | 'tcp' | 'tls';
  /** Virtual ms from start until both agents had selected a pair. */
  readonly connectMs: number | null;
  /** Connectivity checks started by both agents (retransmissions not counted). */
  readonly checks: number;
  /** Why it failed: the agents' explanation and where the checks were dropped. */
  readonly reason?: string;
  /** Set when a run budget stopped the cell (the RunawayError's message): the cell is 'failed', its outcome unknown. */
  readonly stopped?: string;
}

/** The ICE options both agents share in a cell (also used by tests that build their own pair worlds). */
export function cellAgentInit(side: 'alice' | 'bob', turn: boolean, firewall?: FirewallPresetName, kind?: string): IceAgentInit {
  // An IPv6-only side without a NAT64 reaches the (then dual-stack) TURN server over IPv6.
  const at = kind === 'ipv6-firewall' ? PAIR_WORLD.turnServer6 : pairTurnServer(firewall);
  const server = { ...at, username: side, password: PAIR_WORLD.users[side] };
  return {
    role: side === 'alice' ? 'controlling' : 'controlled',
    stunServers: [PAIR_WORLD.stunServer],
    turnServers: !turn ? [] : firewall ? [{ ...server, transport: 'udp' }, { ...server, transport: 'tcp' }] : [server],
  };
}

/** Runs one cell. NAT kinds are names from knownNatNames(). */
export function runCell(a: string, b: string, init: CellInit = {}): CellResult {
  const turn = init.turn ?? true;
  const first = runOnce(a, b, turn, init, false);
  // A failure is explained from the drops in the trace: run the (deterministic) cell again with a full trace.
  // A cell stopped by a budget would only be stopped again.
  return first.outcome === 'failed' && first.stopped === undefined ? runOnce(a, b, turn, init, true) : first;
}

function runOnce(a: string, b: string, turn: boolean, init: CellInit, explain: boolean): CellResult {
  const limits = init.limits ?? {};
  const world = { seed: init.seed ?? 1, trace: explain ? 'full' : 'off', maxEvents: limits.maxEvents ?? RUN_GUARD_DEFAULTS.maxEvents } as const;
  const pw = buildPairWorld({ alice: sideSpec(a), bob: sideSpec(b), turn, world, ...(init.firewall ? { firewall: init.firewall } : {}) });
  const drops: DroppedEvent[] = [];
  if (explain) pw.world.sim.trace.subscribe((e) => e.kind === 'dropped' && drops.push(e));
  const signaling = SignalingChannel.forWorld(pw.world, { delayMs: init.signalingDelayMs ?? 50 });
  const failures: string[] = [];
  const mk = (side: 'alice' | 'bob'): IceAgent =>
    new IceAgent(pw[side].env('ice'), {
      ...cellAgentInit(side, turn, init.firewall, side === 'alice' ? a : b),
      signaling: signaling.endpoint(side),
      callbacks: { onFailed: (e) => failures.push(`${side}: ${'detail' in e ? e.detail : e.reason}`) },
    });
  const alice = mk('alice');
  const bob = mk('bob');
  const guard = new RunGuard({ ...limits, now: () => pw.world.sim.now });
  const settled = (x: IceAgent): boolean => x.state === 'connected' || x.state === 'failed';
  let t0 = 0;
  let stopped: string | undefined;
  try {
    pw.world.runUntil(guard.condition, 1); // servers bind
    t0 = pw.world.nowMs;
    alice.start();
    bob.start();
    pw.world.runUntil(() => guard.condition() || (settled(alice) && settled(bob)), init.maxMs ?? 60_000);
  } catch (err) {
    if (!(err instanceof RunawayError)) throw err;
    stopped = err.message;
  }
  const checks = alice.stats.checksSent + bob.stats.checksSent;
  if (stopped !== undefined) {
    alice.close();
    bob.close();
    return { a, b, outcome: 'failed', localType: null, remoteType: null, connectMs: null, checks, reason: `stopped by a run budget: ${stopped}`, stopped };
  }
  const pa = alice.selectedPair;
  const both = alice.state === 'connected' && bob.state === 'connected' && pa && bob.selectedPair;
  const result: CellResult = both
    ? {
        a, b, outcome: pa.viaRelay ? 'relay' : 'direct', localType: pa.localType, remoteType: pa.remoteType,
        ...(pa.relayProtocol ? { relayProtocol: pa.relayProtocol } : {}),
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
    // A firewall's detail names the port; the cell says what the firewall dropped (UDP, issue 10's matrix --firewall).
    const why = d.reason === 'firewall' ? `firewall dropped ${d.pkt.tcp ? 'TCP' : 'UDP'}`
      : d.detail ? `${d.reason}: ${d.detail.replace(/: .*/, '')}` : d.reason;
    const k = `${d.node} (${why})`;
    filtered.set(k, (filtered.get(k) ?? 0) + 1);
  }
  const keys = [...filtered.keys()].sort();
  if (keys.length > 0) parts.push(`checks dropped: ${keys.map((k) => `${filtered.get(k)} at ${k}`).join(', ')}`);
  if (unroutable > 0) parts.push(`${unroutable} checks to private host candidates had no route`);
  return parts.join('; ');
}
