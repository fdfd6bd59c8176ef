/**
 * The client's Allocate procedure (RFC 8656 §7.1, §7.3, §7.4): the first request goes without credentials; a 401
 * supplies REALM and NONCE and the request is repeated signed; 438 retries with the new NONCE (in TurnRequester);
 * 437 moves to a new local port (up to 3 addresses); 486 and 508 wait the advised time (at least a minute) and try
 * again. The decisions are the TURN core's allocateErrorAdvice; this file only schedules and sends.
 */
import { attributeName, StunMethod, TRANSPORT_UDP, type DecodedStunMessage, type StunMessage } from '../../protocols/stun';
import { allocateErrorAdvice, type TransportAddress } from '../../protocols/turn';
import type { Timers, TimerHandle } from '../../sim/timers';
import { fromStunAddress } from './addresses';
import type { ClientCredentials } from './client-credentials';
import { TurnClientError } from './client-errors';
import type { TurnRequester } from './client-requester';
import type { ClientTransport } from './client-transport';

/** What a successful Allocate gives (RFC 8656 §7.3). */
export interface TurnAllocation {
  /** XOR-RELAYED-ADDRESS: where peers send to reach the client (the first one: IPv4 of a dual allocation). */
  readonly relayed: TransportAddress;
  /** Every XOR-RELAYED-ADDRESS: two for a dual allocation (RFC 8656 §7.1), IPv4 first as the server lists them. */
  readonly relayedAddresses: readonly TransportAddress[];
  /** ADDRESS-ERROR-CODE: the family of a dual request the server could not allocate, and why (RFC 8656 §18.12). */
  readonly addressError?: { readonly family: 4 | 6; readonly code: number; readonly reason: string };
  /** XOR-MAPPED-ADDRESS: the client's server-reflexive address (as the server saw it). */
  readonly mapped: TransportAddress;
  /** LIFETIME granted, seconds. */
  readonly lifetimeS: number;
}

/** What the procedure uses. */
export interface AllocateDeps {
  readonly transport: ClientTransport;
  readonly requester: TurnRequester;
  readonly credentials: ClientCredentials;
  readonly timers: Timers;
  readonly lifetimeS?: number;
  /** REQUESTED-ADDRESS-FAMILY to send. */
  readonly addressFamily?: 4 | 6;
  /** Send ADDITIONAL-ADDRESS-FAMILY IPv6 (a dual allocation). */
  readonly dualAllocation?: boolean;
  readonly maxCapacityWaits: number;
  trace(event: string, data: Record<string, unknown>): void;
  backoff(code: number, retryAfterMs: number): void;
}

/** Runs Allocate until it succeeds or the advice is to give up. Returns a function that abandons it. */
export function runAllocate(deps: AllocateDeps, done: (err: TurnClientError | null, a?: TurnAllocation) => void): () => void {
  let mismatches = 0;
  let waits = 0;
  let stopped = false;
  let timer: TimerHandle | undefined;
  const attempt = (): void => {
    const sentCredentials = deps.credentials.ready;
    const fill = (m: StunMessage): void => {
      m.add('REQUESTED-TRANSPORT', TRANSPORT_UDP);
      if (deps.lifetimeS !== undefined) m.add('LIFETIME', deps.lifetimeS);
      if (deps.addressFamily !== undefined) m.add('REQUESTED-ADDRESS-FAMILY', deps.addressFamily);
      if (deps.dualAllocation) m.add('ADDITIONAL-ADDRESS-FAMILY', 6);
    };
    deps.requester.send(StunMethod.Allocate, fill, (r) => {
      if (stopped) return;
      if (r.ok) return finish(r.response);
      const code = r.error.code;
      if (code === undefined) return done(r.error);
      if (code === 437) mismatches++;
      const unknown = (r.response?.get('UNKNOWN-ATTRIBUTES') ?? []).map((t) => attributeName(t) ?? String(t));
      const advice = allocateErrorAdvice(code, { sentCredentials, mismatchCount: mismatches, unknownAttributes: unknown });
      if (advice.action === 'retry-with-credentials' && r.response && deps.credentials.learn(r.response)) return attempt();
      if (advice.action === 'retry-from-new-address' && deps.transport.reopen()) {
        deps.trace('new-local-port', { after: 437, attempt: mismatches + 1 });
        return attempt();
      }
      if (advice.action === 'wait' && waits < deps.maxCapacityWaits) {
        waits++;
        deps.backoff(code, advice.retryAfterMs);
        timer = deps.timers.setTimeout(attempt, advice.retryAfterMs);
        return;
      }
      done(r.error);
    });
  };
  const finish = (res: DecodedStunMessage): void => {
    const relayed = res.get('XOR-RELAYED-ADDRESS');
    const mapped = res.get('XOR-MAPPED-ADDRESS');
    const lifetimeS = res.get('LIFETIME');
    if (!relayed || !mapped || lifetimeS === undefined) {
      return done(new TurnClientError('Allocate', 'bad-response', undefined, 'success without XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS or LIFETIME'));
    }
    const relayedAddresses = res.getAll('XOR-RELAYED-ADDRESS').map(fromStunAddress);
    const ae = res.get('ADDRESS-ERROR-CODE');
    const addressError = ae ? { addressError: { family: ae.family, code: ae.code, reason: ae.reason } } : {};
    done(null, { relayed: fromStunAddress(relayed), relayedAddresses, mapped: fromStunAddress(mapped), lifetimeS, ...addressError });
  };
  attempt();
  return () => {
    stopped = true;
    deps.timers.clearTimeout(timer);
  };
}
