/**
 * Routes signaling for an ICE agent: outgoing messages to the peer's endpoint (or a callback), incoming ones to the
 * generation they belong to. Credentials with a ufrag the agent has not seen mean a new generation of the peer:
 * the first ones pair with our generation 0, later ones with our pending restart, or start a restart (RFC 8445
 * §9: the peer restarted). Candidates and end-of-candidates name their generation by ufrag (RFC 8838 §4) and wait
 * for its credentials if they come first. Messages that arrive before start() wait for it.
 */
import type { IceEventName } from './ice-events';
import type { SignalingEndpoint, SignalingMessage } from '../signaling';
import type { IceGeneration } from './ice-generation';

/** What the router needs from the agent. */
export interface SignalRouterContext {
  /** Live generations, oldest first. */
  generations(): readonly IceGeneration[];
  /** The peer restarted: begin our side of the restart (creates a new, newest generation). */
  peerRestarted(): void;
  trace(event: IceEventName, data: Record<string, unknown>): void;
}

/** Signaling in and out of one agent. */
export class SignalRouter {
  private readonly early: SignalingMessage[] = [];
  /** Candidates whose generation's credentials have not arrived. key: remote ufrag */
  private readonly orphans = new Map<string, SignalingMessage[]>();

  constructor(
    private readonly ctx: SignalRouterContext,
    private readonly endpoint?: SignalingEndpoint,
    private readonly peer?: string,
    private readonly outbox?: (m: SignalingMessage) => void,
  ) {}

  /** Sends to the peer. */
  send(m: SignalingMessage): void {
    this.endpoint?.send(m, this.peer);
    this.outbox?.(m);
  }

  /** Takes a message from the peer; `hold` keeps it until flush() (the agent has not started). */
  receive(m: SignalingMessage, hold: boolean): void {
    if (hold) this.early.push(m);
    else this.route(m);
  }

  /** Delivers the messages held before start. */
  flush(): void {
    for (const m of this.early.splice(0)) this.route(m);
  }

  private route(m: SignalingMessage): void {
    if (m.kind === 'address') return;
    const gens = this.ctx.generations();
    if (m.kind === 'credentials') {
      if (gens.some((g) => g.remote?.ufrag === m.ufrag)) return; // a repeat
      let target = gens[gens.length - 1];
      if (!target || target.remote) {
        this.ctx.peerRestarted();
        const now = this.ctx.generations();
        target = now[now.length - 1];
      }
      if (!target) return;
      target.setRemoteCredentials({ ufrag: m.ufrag, pwd: m.pwd });
      for (const o of this.orphans.get(m.ufrag) ?? []) this.deliver(target, o);
      this.orphans.delete(m.ufrag);
      return;
    }
    const gen = gens.find((g) => g.remote?.ufrag === m.ufrag);
    if (gen) return this.deliver(gen, m);
    const list = this.orphans.get(m.ufrag) ?? [];
    list.push(m);
    this.orphans.set(m.ufrag, list);
  }

  private deliver(gen: IceGeneration, m: SignalingMessage): void {
    if (m.kind === 'candidate') gen.addRemoteCandidate(m.candidate);
    else if (m.kind === 'end-of-candidates') gen.endOfRemoteCandidates();
  }
}
