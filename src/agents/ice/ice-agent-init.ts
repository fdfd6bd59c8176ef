/**
 * Options of the ICE agent (IceAgentInit, what a scenario or a test writes) and the same with every default applied
 * (IceAgentConfig). Durations are milliseconds of virtual time.
 */
import { CONSENT_INTERVAL_MS, CONSENT_TIMEOUT_MS, DEFAULT_TA_MS, DEFAULT_TR_MS, type CandidateType, type IceRole } from '../../protocols/ice';
import type { SignalingEndpoint } from '../signaling';
import { Nat64Prefix } from '../../net/nat64-prefix';
import { IceAgentUsageError } from './errors';
import type { IceAgentCallbacks } from './ice-events';

/** A STUN server used to gather server-reflexive candidates (RFC 8445 §5.1.1.2). */
export interface IceStunServer {
  /** IPv4 address. */
  readonly address: string;
  /** UDP port. @default 3478 */
  readonly port?: number;
}

/** A TURN server used to gather relayed candidates (RFC 8445 §5.1.1.2, RFC 8656), with long-term credentials. */
export interface IceTurnServer {
  readonly address: string;
  /** @default 3478 */
  readonly port?: number;
  readonly username: string;
  readonly password: string;
  /** Client-to-server transport (RFC 8656 §3.1; TLS is modelled in the simulator, docs/turn-tcp-tls.md). @default 'udp' */
  readonly transport?: 'udp' | 'tcp' | 'tls';
}

/** How long the controlling agent waits, after checks start, before nominating a valid pair of a given kind. */
export type NominationWaits = Readonly<Record<CandidateType, number>>;

/** Options of an IceAgent. Every field is optional. */
export interface IceAgentInit {
  /** Agent name in trace events (`env.emit(name, ...)`). @default 'ice' */
  readonly name?: string;
  /** Initial role (RFC 8445 §6.1.1: the initiating full agent controls). @default 'controlling' */
  readonly role?: IceRole;
  /** Where credentials and candidates go and come from. @default none: use the agent's methods to signal by hand */
  readonly signaling?: SignalingEndpoint;
  /** Name of the peer's signaling endpoint. @default every other endpoint of the channel */
  readonly peer?: string;
  /** STUN servers for server-reflexive candidates. @default [] */
  readonly stunServers?: readonly IceStunServer[];
  /** TURN servers for relayed candidates. @default [] */
  readonly turnServers?: readonly IceTurnServer[];
  /** Local IPv4 addresses to gather host candidates on. @default every address of the host (env.localAddresses()) */
  readonly addresses?: readonly string[];
  /** UDP port for the host candidates' sockets. @default 0 (an ephemeral port) */
  readonly port?: number;
  /**
   * Also gather TCP host candidates (RFC 6544): a passive one (a listening socket, port `port`) and an active one
   * (port 9 in its candidate line) per host address. Needs a HostEnv with TCP. Checks and data on a TCP pair are
   * framed per RFC 4571. Simultaneous-open (so) candidates are not gathered. @default false
   */
  readonly tcpCandidates?: boolean;
  /**
   * NAT64 prefix of an IPv6-only host behind a NAT64 (RFC 6052 §2.2, e.g. '64:ff9b::/96'), as RFC 7050 discovery
   * would find it: the peer's IPv4 candidates are paired through synthesised IPv6 addresses (RFC 8445 §5.1.1.1), and
   * IPv4 STUN/TURN servers are reached the same way. @default the host's prefix (HostEnv.nat64Prefix), if any
   */
  readonly nat64Prefix?: string;
  /**
   * Trickle ICE (RFC 8838): send each candidate as soon as it is gathered. When false, the credentials and every
   * candidate are sent together once gathering is done (classic offer/answer). end-of-candidates is always sent.
   * @default true
   */
  readonly trickle?: boolean;
  /**
   * Candidate policy (W3C RTCIceTransportPolicy): 'all', or 'relay' to use relayed candidates only (no host or
   * srflx candidate is signalled or checked, and checks arriving on host sockets are dropped).
   * @default 'all'
   */
  readonly policy?: 'all' | 'relay';
  /** Do an ICE restart (RFC 8445 §9) by itself when consent is lost (RFC 7675). @default false */
  readonly restartOnFailure?: boolean;
  /** Pacing timer Ta (RFC 8445 §14.2). @default 50 */
  readonly taMs?: number;
  /** Rc for connectivity checks: requests per check, first included (RFC 8489 §6.2.1). @default 7 */
  readonly checkRc?: number;
  /** Rm for connectivity checks: final wait in multiples of the RTO (RFC 8489 §6.2.1). @default 16 */
  readonly checkRm?: number;
  /**
   * Nomination stopping rule of the controlling agent (RFC 8445 §8.1.1 leaves it open): nominate the best valid pair
   * as soon as no better pair is pending, or once checks have run for the wait of its worse candidate type.
   * @default { host: 0, srflx: 500, prflx: 1000, relay: 2000 } (pion/ice's defaults)
   */
  readonly nominationWaits?: Partial<NominationWaits>;
  /**
   * Most remote peer-reflexive candidates learned from checks per generation (RFC 8445 §7.3.1.3); requests from
   * further unknown sources are dropped unanswered. A safety valve, not in the RFC: two address-and-port-dependent
   * mapping NATs with endpoint-independent filtering answer every check from a new port, so each triggered check
   * teaches the peer yet another prflx and the chain never ends (see docs/ice.md).
   * @default 10
   */
  readonly maxPeerReflexive?: number;
  /** Keepalive interval Tr (RFC 8445 §11; MUST NOT be below 15000). @default 15000 */
  readonly keepaliveIntervalMs?: number;
  /** Send consent-freshness checks on the selected pair (RFC 7675). @default true */
  readonly consent?: boolean;
  /** Base consent check interval, randomised ×0.8-1.2 (RFC 7675 §5.1). @default 5000 */
  readonly consentIntervalMs?: number;
  /** Consent expires this long after the last authenticated response (RFC 7675 §5.1): event 'failed'. @default 30000 */
  readonly consentTimeoutMs?: number;
  /** Event 'disconnected' when no authenticated response for this long (less than consentTimeoutMs). @default 10000 */
  readonly disconnectedAfterMs?: number;
  /** Event callbacks (also traced as `env.emit(name, event, ...)`). */
  readonly callbacks?: IceAgentCallbacks;
}

/** IceAgentInit with every default applied. */
export interface IceAgentConfig {
  readonly name: string;
  readonly role: IceRole;
  readonly peer?: string;
  readonly stunServers: readonly Required<IceStunServer>[];
  readonly turnServers: readonly Required<IceTurnServer>[];
  readonly addresses?: readonly string[];
  readonly port: number;
  readonly tcpCandidates: boolean;
  readonly nat64Prefix?: Nat64Prefix;
  readonly trickle: boolean;
  readonly policy: 'all' | 'relay';
  readonly restartOnFailure: boolean;
  readonly taMs: number;
  readonly checkRc: number;
  readonly checkRm: number;
  readonly nominationWaits: NominationWaits;
  readonly maxPeerReflexive: number;
  readonly keepaliveIntervalMs: number;
  readonly consent: boolean;
  readonly consentIntervalMs: number;
  readonly consentTimeoutMs: number;
  readonly disconnectedAfterMs: number;
}

/** pion/ice's nomination waits (agent_config.go): host 0, srflx 500 ms, prflx 1 s, relay 2 s. */
export const DEFAULT_NOMINATION_WAITS: NominationWaits = Object.freeze({ host: 0, srflx: 500, prflx: 1000, relay: 2000 });

/**
 * Applies the defaults and validates.
 * @param path config path for errors, e.g. `agents.alice.ice`
 * @throws IceAgentUsageError naming the bad option and what is valid
 */
export function resolveIceConfig(init: IceAgentInit, path = 'ice'): IceAgentConfig {
  const num = (key: keyof IceAgentInit, value: number | undefined, dflt: number, min: number, integer = false): number => {
    const v = value ?? dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new IceAgentUsageError(`${path}.${key}`, `must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(v)}`);
    }
    return v;
  };
  const role = init.role ?? 'controlling';
  if (role !== 'controlling' && role !== 'controlled') {
    throw new IceAgentUsageError(`${path}.role`, `must be 'controlling' or 'controlled', got ${String(role)}`);
  }
  const consentIntervalMs = num('consentIntervalMs', init.consentIntervalMs, CONSENT_INTERVAL_MS, 1);
  const consentTimeoutMs = num('consentTimeoutMs', init.consentTimeoutMs, CONSENT_TIMEOUT_MS, 1);
  const disconnectedAfterMs = num('disconnectedAfterMs', init.disconnectedAfterMs, Math.min(10_000, consentTimeoutMs), 1);
  if (disconnectedAfterMs > consentTimeoutMs) {
    throw new IceAgentUsageError(`${path}.disconnectedAfterMs`, `must not exceed consentTimeoutMs (${consentTimeoutMs}), got ${disconnectedAfterMs}`);
  }
  const policy = init.policy ?? 'all';
  if (policy !== 'all' && policy !== 'relay') throw new IceAgentUsageError(`${path}.policy`, `must be 'all' or 'relay', got ${String(policy)}`);
  const waits = { ...DEFAULT_NOMINATION_WAITS, ...(init.nominationWaits ?? {}) };
  for (const [k, v] of Object.entries(waits)) {
    if (typeof v !== 'number' || !(v >= 0)) throw new IceAgentUsageError(`${path}.nominationWaits.${k}`, `must be a number >= 0, got ${String(v)}`);
  }
  return {
    name: init.name ?? 'ice',
    role,
    ...(init.peer !== undefined ? { peer: init.peer } : {}),
    stunServers: (init.stunServers ?? []).map((s) => ({ address: s.address, port: s.port ?? 3478 })),
    turnServers: (init.turnServers ?? []).map((s) => ({
      address: s.address, port: s.port ?? 3478, username: s.username, password: s.password, transport: s.transport ?? 'udp',
    })),
    ...(init.addresses ? { addresses: [...init.addresses] } : {}),
    port: num('port', init.port, 0, 0, true),
    tcpCandidates: init.tcpCandidates ?? false,
    ...(init.nat64Prefix !== undefined ? { nat64Prefix: nat64PrefixOption(init.nat64Prefix, `${path}.nat64Prefix`) } : {}),
    trickle: init.trickle ?? true,
    policy,
    restartOnFailure: init.restartOnFailure ?? false,
    taMs: num('taMs', init.taMs, DEFAULT_TA_MS, 1),
    checkRc: num('checkRc', init.checkRc, 7, 1, true),
    checkRm: num('checkRm', init.checkRm, 16, 1),
    nominationWaits: waits,
    maxPeerReflexive: num('maxPeerReflexive', init.maxPeerReflexive, 10, 0, true),
    keepaliveIntervalMs: num('keepaliveIntervalMs', init.keepaliveIntervalMs, DEFAULT_TR_MS, DEFAULT_TR_MS),
    consent: init.consent ?? true,
    consentIntervalMs,
    consentTimeoutMs,
    disconnectedAfterMs,
  };
}

/** Parses the nat64Prefix option. @throws IceAgentUsageError naming the option and the valid lengths */
function nat64PrefixOption(text: string, path: string): Nat64Prefix {
  try {
    return Nat64Prefix.parse(text);
  } catch (e) {
    throw new IceAgentUsageError(path, (e as Error).message);
  }
}
