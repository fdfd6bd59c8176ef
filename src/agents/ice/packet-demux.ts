/**
 * What the agent does with a datagram on one of its endpoints (RFC 7983 demultiplexing): a STUN Binding response
 * goes to its pending transaction, an indication is a keepalive (RFC 8445 §11) and needs nothing, a request is a
 * connectivity check that is authenticated (RFC 8445 §7.3, short-term credentials) and handed to the generation
 * whose ufrag it names; anything else is application data, accepted only from a valid pair's remote address.
 */
import { decode, StunMethod, type DecodedStunMessage } from '../../protocols/stun';
import { authenticateCheck, encodeCheckError } from './check-messages';
import type { IceDataInfo } from './ice-events';
import type { GenerationContext, IceGeneration } from './ice-generation';
import { addressKey } from './pair-info';
import type { Arrival } from './transports';

/** What the demultiplexer needs from its agent beyond the generation context. */
export interface PacketDemuxContext {
  /** True once the agent closed: datagrams are dropped. */
  closed(): boolean;
  /** Live generations, oldest first. */
  generations(): readonly IceGeneration[];
  /** Application data arrived from a valid pair's remote address. */
  deliver(bytes: Uint8Array, info: IceDataInfo): void;
}

/** Sorts the agent's incoming datagrams. */
export class PacketDemux {
  constructor(
    private readonly ctx: GenerationContext,
    private readonly agent: PacketDemuxContext,
  ) {}

  /** Demultiplexes a datagram for the agent (RFC 7983): ICE STUN traffic, else application data. */
  onPacket(bytes: Uint8Array, arrival: Arrival): void {
    if (this.agent.closed()) return;
    if (bytes.length >= 20 && bytes[0] < 4) {
      const r = decode(bytes);
      if (r.ok) {
        this.onStun(r.message, arrival);
        return;
      }
    }
    this.onAppData(bytes, arrival);
  }

  private onStun(msg: DecodedStunMessage, arrival: Arrival): void {
    if (msg.method !== StunMethod.Binding) return this.ctx.trace('ignored', { reason: 'not a Binding message', from: addressKey(arrival.source) });
    if (msg.class === 'indication') return; // a keepalive (RFC 8445 §11): nothing to do
    if (msg.class !== 'request') {
      if (!this.ctx.txs.offer(msg, arrival)) this.ctx.trace('ignored', { reason: 'response to no pending check', from: addressKey(arrival.source) });
      return;
    }
    const endpoint = this.ctx.endpoint(arrival.local);
    if (!endpoint || (this.ctx.config.policy === 'relay' && !arrival.viaRelay)) return;
    const gens = this.agent.generations();
    const auth = authenticateCheck(msg, (ufrag) => gens.find((g) => g.local.ufrag === ufrag)?.local.pwd, this.ctx.keys);
    if (!auth.ok) {
      this.ctx.trace('check-rejected', { from: addressKey(arrival.source), reason: auth.reason, ...(auth.code ? { code: auth.code } : {}) });
      if (auth.code) endpoint.send(arrival.source, encodeCheckError(msg, auth.code, undefined, this.ctx.keys));
      return;
    }
    gens.find((g) => g.local.ufrag === auth.localUfrag)?.handleRequest(msg, auth, arrival, endpoint);
  }

  private onAppData(bytes: Uint8Array, arrival: Arrival): void {
    const from = addressKey(arrival.source);
    const known = this.agent.generations().some((g) => g.list.validPairs().some((p) => addressKey(p.remote) === from));
    if (!known) return this.ctx.trace('data-dropped', { from, reason: 'not from a valid pair' });
    this.ctx.stats.dataReceived++;
    const info: IceDataInfo = { from, viaRelay: arrival.viaRelay };
    this.agent.deliver(bytes, info);
  }
}
