/**
 * NAT behaviour discovery as a scenario agent: runs the RFC 5780 discovery client (src/agents/stun) against a
 * server in RFC 5780 mode and reports 'discovered' with the RFC 4787 behaviours and the RFC 3489 label.
 */
import { discoverNat, DiscoveryHandle } from '../../agents/stun/discovery';
import type { ClassicNatType as StunClassic, DiscoveryResult } from '../../agents/stun/discovery-types';
import type { Host } from '../../net/host';
import { BaseAgent } from './scenario-agent';

/** Options of a DiscoveryAgent. */
export interface DiscoveryAgentInit {
  /** The server's primary address (RFC 5780 A1). */
  serverIp: string;
  /** The server's primary port (P1). @default 3478 */
  serverPort?: number;
}

/** The scenario format's name for a classic type ('open' is written 'open-internet'). */
export function classicName(c: StunClassic): string {
  return c === 'open' ? 'open-internet' : c;
}

/** The 'discovered' event's data for a result. */
export function discoveredData(r: DiscoveryResult): Record<string, unknown> {
  return {
    mapping: r.mapping,
    filtering: r.filtering,
    classic: classicName(r.classic),
    hairpinning: r.hairpinning,
    natPresent: r.natPresent,
    publicAddress: r.publicAddress ? `${r.publicAddress.address}:${r.publicAddress.port}` : null,
  };
}

/** Runs NAT discovery once per start. */
/** The discovery agent's own event (the result, for expectations) besides the discovery client's events. */
export const DISCOVERY_AGENT_EVENTS = ['discovered'] as const;

export class DiscoveryAgent extends BaseAgent<(typeof DISCOVERY_AGENT_EVENTS)[number]> {
  readonly type = 'discovery' as const;
  protected override readonly reportsOwnStart = true;
  private handle: DiscoveryHandle | undefined;
  /** The last result, once reported. */
  result: DiscoveryResult | undefined;

  constructor(name: string, host: Host, private readonly init: DiscoveryAgentInit) {
    super(name, host);
  }

  protected begin(): void {
    this.result = undefined;
    const server = { address: this.init.serverIp, port: this.init.serverPort ?? 3478 };
    this.handle = discoverNat(this.env, server, { agent: this.name }, (r) => {
      this.handle = undefined;
      this.result = r;
      this.emit('discovered', discoveredData(r));
    });
  }

  protected end(): void {
    this.handle?.cancel();
    this.handle = undefined;
  }
}
