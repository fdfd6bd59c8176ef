/**
 * UDP hole punching (RFC 5128 §3.3) as a scenario agent: the teaching agent of src/agents/holepunch on a scenario
 * host, signalling over the scenario's channel. When the punch fails it says why in the words of the trace: it
 * watches the drops of the punch datagrams between the two agents, so a failure reads like "8 of bob-punch's
 * packets to alice-punch were dropped at alice-nat: nat-filtered (address-and-port-dependent filtering ...)".
 */
import type { SignalingChannel } from '../../agents/signaling';
import { HolePunchAgent, TcpHolePunchAgent } from '../../agents/holepunch';
import { formatIpEndpoint } from '../../net/ip-number';
import { isPunchBetween } from '../../agents/holepunch/punch-message';
import type { Host } from '../../net/host';
import type { DroppedEvent, TraceEvent } from '../../sim/trace-events';
import type { HolePunchAgentSpec } from '../format/spec-types';
import { BaseAgent } from './scenario-agent';

/** Options of a HolePunchScenarioAgent. */
export interface HolePunchScenarioAgentInit {
  /** The peer agent's name. */
  readonly peer: string;
  readonly stunServer: { readonly address: string; readonly port: number };
  /** Local port; 0 = any. @default 0 */
  readonly port?: number;
  /** 0 = no keepalives. @default 0 */
  readonly keepaliveMs?: number;
  /** @default 10000 */
  readonly timeoutMs?: number;
  /** UDP punches, or TCP simultaneous open (TcpHolePunchAgent). @default 'udp' */
  readonly transport?: 'udp' | 'tcp';
}

/** Drops of punch datagrams in one direction, by node and reason. */
class DropTally {
  readonly counts = new Map<string, { n: number; ev: DroppedEvent }>();
  total = 0;

  add(ev: DroppedEvent): void {
    const key = `${ev.node}\u0000${ev.reason}`;
    const seen = this.counts.get(key);
    if (seen) seen.n++;
    else this.counts.set(key, { n: 1, ev });
    this.total++;
  }

  /** The most frequent (node, reason), earliest first among equals. */
  top(): { n: number; ev: DroppedEvent } | undefined {
    let best: { n: number; ev: DroppedEvent } | undefined;
    for (const v of this.counts.values()) if (!best || v.n > best.n) best = v;
    return best;
  }
}

/** The hole-punch agent of a scenario. */
export class HolePunchScenarioAgent extends BaseAgent {
  readonly type = 'hole-punch' as const;
  private agent: HolePunchAgent | TcpHolePunchAgent | undefined;
  /** TCP: ids of segments this host sent from the punching port, and the public address the peer aims at. */
  private readonly ownSegments = new Set<number>();
  private punchPort = -1;
  private publicAddress = '';
  private detach: (() => void) | undefined;
  private inbound = new DropTally();
  private outbound = new DropTally();

  constructor(name: string, host: Host, private readonly signaling: SignalingChannel, private readonly init: HolePunchScenarioAgentInit) {
    super(name, host);
  }

  /** The running agent (undefined before start and after stop). */
  get punch(): HolePunchAgent | TcpHolePunchAgent | undefined {
    return this.agent;
  }

  protected begin(): void {
    this.inbound = new DropTally();
    this.outbound = new DropTally();
    this.detach = this.host.sim.trace.subscribe((ev) => this.observe(ev));
    const Agent = this.init.transport === 'tcp' ? TcpHolePunchAgent : HolePunchAgent;
    this.ownSegments.clear();
    this.agent = new Agent(this.env, {
      name: this.name,
      peer: this.init.peer,
      stunServer: this.init.stunServer,
      signaling: this.signaling.endpoint(this.name),
      port: this.init.port ?? 0,
      keepaliveMs: this.init.keepaliveMs ?? 0,
      timeoutMs: this.init.timeoutMs,
      explainFailure: () => this.explain(),
    });
    this.agent.start();
  }

  protected end(): void {
    this.agent?.close();
    this.agent = undefined;
    this.detach?.();
    this.detach = undefined;
  }

  private observe(ev: TraceEvent): void {
    if (this.init.transport === 'tcp') return this.observeTcp(ev);
    if (ev.kind !== 'dropped' || !ev.pkt.payload) return;
    if (isPunchBetween(ev.pkt.payload, this.init.peer, this.name)) this.inbound.add(ev);
    else if (isPunchBetween(ev.pkt.payload, this.name, this.init.peer)) this.outbound.add(ev);
  }

  /**
   * TCP: our segments are those this host sent from the punching port (learned from the 'punching' event); the
   * peer's are those addressed to our public address (from 'mapped'). Drops of either are tallied.
   */
  private observeTcp(ev: TraceEvent): void {
    if (ev.kind === 'agent' && ev.agent === this.name && ev.node === this.host.name) {
      if (ev.event === 'mapped') this.publicAddress = String(ev.data?.address ?? '');
      if (ev.event === 'punching') this.punchPort = Number(ev.data?.from ?? -1);
      return;
    }
    if (ev.kind === 'sent' && ev.node === this.host.name && ev.pkt.tcp && ev.pkt.srcPort === this.punchPort) this.ownSegments.add(ev.pkt.id);
    if (ev.kind !== 'dropped' || !ev.pkt.tcp) return;
    if (this.ownSegments.has(ev.pkt.id)) this.outbound.add(ev);
    else if (this.publicAddress && formatIpEndpoint(ev.pkt.dst, ev.pkt.dstPort) === this.publicAddress) this.inbound.add(ev);
  }

  /**
   * What the trace saw happen to the punches, for the 'failed' event: why the peer's packets never reached us, or,
   * when none of them were dropped, what happened to ours.
   */
  private explain(): string | undefined {
    const [tally, from, to] = this.inbound.total > 0 ? [this.inbound, this.init.peer, this.name] : [this.outbound, this.name, this.init.peer];
    const top = tally.top();
    if (!top) return undefined;
    const { ev, n } = top;
    return `${n} of ${from}'s packets to ${to} were dropped at ${ev.node}: ${ev.reason}${ev.detail ? ` (${ev.detail})` : ''}`;
  }
}

/** Builds a hole-punch agent from its scenario spec. */
export function createHolePunchAgent(spec: HolePunchAgentSpec, host: Host, signaling: SignalingChannel): HolePunchScenarioAgent {
  return new HolePunchScenarioAgent(spec.name, host, signaling, {
    peer: spec.peer, stunServer: { address: spec.stun.ip, port: spec.stun.port }, port: spec.port, keepaliveMs: spec.keepaliveMs,
    transport: spec.transport,
  });
}
