/** Worlds and agent pairs for the ICE agent tests. */
import { World } from '../../../src/net/world';
import { IceAgent, type IceAgentInit } from '../../../src/agents/ice';
import { SignalingChannel } from '../../../src/agents/signaling';
import { buildPairWorld, cellAgentInit, natStack, type PairWorld } from '../../../src/matrix';
import { TraceRecorder } from '../../../src/sim/trace';
import type { AgentEvent } from '../../../src/sim/trace-events';

/** One recorded agent callback: name, virtual ms, details. */
export interface Happened {
  readonly event: string;
  readonly at: number;
  readonly data: Record<string, unknown>;
}

/** An agent with everything it reported. */
export interface TestAgent {
  readonly agent: IceAgent;
  readonly events: Happened[];
  readonly data: { text: string; at: number; viaRelay: boolean }[];
}

/** Makes an agent that records its callbacks. */
export function recordingAgent(world: World, host: string, init: IceAgentInit): TestAgent {
  const events: Happened[] = [];
  const data: TestAgent['data'] = [];
  const push = (event: string) => (e: object) => events.push({ event, at: world.nowMs, data: { ...e } });
  const agent = new IceAgent(world.getHost(host).env('ice'), {
    ...init,
    callbacks: {
      onConnected: push('connected'),
      onDisconnected: push('disconnected'),
      onFailed: push('failed'),
      onRestart: push('restart'),
      onData: (bytes, info) => data.push({ text: Buffer.from(bytes).toString(), at: world.nowMs, viaRelay: info.viaRelay }),
    },
  });
  return { agent, events, data };
}

/** Two hosts, alice 192.168.0.10 and bob 192.168.0.11, on one LAN (1 ms), no servers. */
export function lanWorld(seed = 1): World {
  const w = new World({ seed });
  w.network('lan', '192.168.0.0/24', { latency: 1 });
  w.host('alice', { ifaces: [{ network: 'lan', ip: '192.168.0.10' }] });
  w.host('bob', { ifaces: [{ network: 'lan', ip: '192.168.0.11' }] });
  return w;
}

/** A pair world (src/matrix) for two NAT kinds, with ICE agents alice (controlling) and bob, a trace recorder. */
export interface IcePair {
  readonly pw: PairWorld;
  readonly world: World;
  readonly trace: TraceRecorder;
  readonly alice: TestAgent;
  readonly bob: TestAgent;
  readonly signaling: SignalingChannel;
}

/** Builds the pair world and both agents (not started). `extra` options apply to both agents. */
export function icePair(a: string, b: string, opts: { turn?: boolean; extra?: IceAgentInit; alice?: IceAgentInit; bob?: IceAgentInit; seed?: number; signalingDelayMs?: number } = {}): IcePair {
  const turn = opts.turn ?? true;
  const pw = buildPairWorld({ alice: natStack(a), bob: natStack(b), turn, world: { seed: opts.seed ?? 1 } });
  const trace = new TraceRecorder(pw.world.sim.trace);
  const signaling = SignalingChannel.forWorld(pw.world, { delayMs: opts.signalingDelayMs ?? 50 });
  const mk = (side: 'alice' | 'bob', own?: IceAgentInit) =>
    recordingAgent(pw.world, side, { ...cellAgentInit(side, turn), signaling: signaling.endpoint(side), ...opts.extra, ...own });
  const alice = mk('alice', opts.alice);
  const bob = mk('bob', opts.bob);
  pw.world.runFor(1);
  return { pw, world: pw.world, trace, alice, bob, signaling };
}

/** Starts both agents and runs until both are connected (or failed), at most `maxMs`. */
export function connect(p: { world: World; alice: TestAgent; bob: TestAgent }, maxMs = 60_000): boolean {
  p.alice.agent.start();
  p.bob.agent.start();
  const done = (x: TestAgent) => x.agent.state === 'connected' || x.agent.state === 'failed';
  return p.world.runUntil(() => done(p.alice) && done(p.bob), maxMs);
}

/** The agent trace events of `agent` on `node` (e.g. ('alice', 'ice')), optionally of one event name. */
export function agentEvents(trace: TraceRecorder, node: string, agent: string, event?: string): AgentEvent[] {
  return trace.ofKind('agent').filter((e) => e.node === node && e.agent === agent && (event === undefined || e.event === event));
}
