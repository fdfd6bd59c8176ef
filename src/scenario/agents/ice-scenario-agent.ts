/**
 * An ICE agent (RFC 8445, src/agents/ice) as a scenario agent: it signals over the scenario's signalling channel to
 * its peer, gathers from the STUN and TURN servers it names, and adds the scenario-level events lessons refer to:
 * 'gathered' (end of candidates) and 'restarting' (an ICE restart it started, RFC 8445 §9, with restartOnFailure:
 * after consent was lost, RFC 7675 §5.1, or after every check of a restart failed). 'consent-lost' and
 * 'restarted' come from the ICE agent itself (once per occurrence).
 */
import { IceAgent, type IceAgentInit } from '../../agents/ice';
import type { SignalingChannel, SignalingEndpoint, SignalingMessage } from '../../agents/signaling';
import type { Host } from '../../net/host';
import type { HostEnv } from '../../net/host-env';
import { BaseAgent } from './scenario-agent';

/** Options of an IceScenarioAgent. */
export interface IceScenarioAgentInit {
  /** Name of the peer agent's signalling endpoint. */
  peer: string;
  /** RFC 8445 §6.1.1 role. */
  controlling: boolean;
  stunServers?: IceAgentInit['stunServers'];
  turnServers?: IceAgentInit['turnServers'];
  /** @default true */
  trickle?: boolean;
  /**
   * 'relay': only relayed candidates are signalled to the peer (W3C RTCIceTransportPolicy "relay").
   * @default 'all'
   */
  policy?: 'all' | 'relay';
  /** Restart ICE when consent is lost. @default false */
  restartOnFailure?: boolean;
  /**
   * With restartOnFailure: also restart when every check of a restart failed (RFC 8445 §7.2.5.4), so a restart
   * made during a long outage is tried again and connects soon after the link returns. Only the controlling
   * agent restarts for this (the controlled one follows its new credentials), so the two never race.
   * @default true
   */
  restartAfterFailedChecks?: boolean;
  /** Local port of the host candidates. @default 0 */
  port?: number;
  /** Also gather TCP host candidates (RFC 6544). @default false */
  tcpCandidates?: boolean;
}

/** True for a candidate line of a relayed candidate (RFC 8839 §5.1 `typ relay`). */
function isRelayLine(line: string): boolean {
  return / typ relay(\s|$)/u.test(line);
}

/** A signalling endpoint that drops every non-relayed candidate on the way out. */
function relayOnly(ep: SignalingEndpoint): SignalingEndpoint {
  return {
    name: ep.name,
    onMessage: (h) => ep.onMessage(h),
    send: (m: SignalingMessage, to?: string) => {
      if (m.kind === 'candidate' && !isRelayLine(m.candidate)) return;
      ep.send(m, to);
    },
  };
}

/** ICE between two hosts of a scenario. */
/** The scenario-level ICE events: 'gathered' (= end-of-candidates) and 'restarting' (restartOnFailure). */
export const ICE_SCENARIO_EVENTS = ['gathered', 'restarting'] as const;
const GATHERED: (typeof ICE_SCENARIO_EVENTS)[0] = 'gathered';

export class IceScenarioAgent extends BaseAgent<(typeof ICE_SCENARIO_EVENTS)[number]> {
  readonly type = 'ice' as const;
  private agent: IceAgent | undefined;
  private restarting = false;

  constructor(name: string, host: Host, private readonly signaling: SignalingChannel, private readonly init: IceScenarioAgentInit) {
    super(name, host);
  }

  /** The running ICE agent (undefined before start and after stop). */
  get ice(): IceAgent | undefined {
    return this.agent;
  }

  protected begin(): void {
    const endpoint = this.signaling.endpoint(this.name);
    this.restarting = false;
    const agent: IceAgent = new IceAgent(this.aliasingEnv(), {
      name: this.name,
      role: this.init.controlling ? 'controlling' : 'controlled',
      signaling: this.init.policy === 'relay' ? relayOnly(endpoint) : endpoint,
      peer: this.init.peer,
      stunServers: this.init.stunServers ?? [],
      turnServers: this.init.turnServers ?? [],
      trickle: this.init.trickle ?? true,
      port: this.init.port ?? 0,
      tcpCandidates: this.init.tcpCandidates ?? false,
      callbacks: {
        onConnected: () => {
          this.restarting = false;
        },
        onFailed: (e) => {
          if (!this.init.restartOnFailure || this.agent !== agent) return;
          if (e.reason === 'consent-expired') {
            if (this.restarting) return;
            this.restarting = true;
            this.emit('restarting', { after: 'consent-lost' });
            agent.restart();
          } else if (e.reason !== 'consent-unanswered' && e.generation > 0 && this.init.controlling && (this.init.restartAfterFailedChecks ?? true)) {
            // The restart's checks all failed (the agent reports only its newest generation): try again.
            this.restarting = true;
            this.emit('restarting', { after: 'checks-failed', generation: e.generation });
            agent.restart();
          }
        },
        onRestart: () => {
          this.restarting = true;
        },
      },
    });
    this.agent = agent;
    agent.start();
  }

  protected end(): void {
    this.agent?.close();
    this.agent = undefined;
  }

  /** The host environment with 'end-of-candidates' also reported as the scenario event 'gathered'. */
  private aliasingEnv(): HostEnv {
    const env = this.env;
    return {
      ...env,
      createSocket: () => env.createSocket(),
      localAddresses: () => env.localAddresses(),
      emit: (agent, event, data) => {
        env.emit(agent, event, data);
        if (agent === this.name && event === 'end-of-candidates') env.emit(agent, GATHERED, data);
      },
    };
  }
}
