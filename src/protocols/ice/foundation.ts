/**
 * Candidate foundations, RFC 8445 §5.1.1.3: two candidates share a foundation iff they have the same type, their
 * bases have the same IP, they were obtained from the same STUN/TURN server IP (srflx, relay) and over the same
 * transport. "Same transport" covers how a relayed candidate's TURN server was reached (UDP, TCP or TLS), as
 * browsers do, so a relay over TLS is frozen apart from a relay over UDP on the same server.
 */
import { str as crc32 } from 'crc-32';
import type { CandidateType, IceTransport, RelayProtocol } from './candidate';

/** What a foundation depends on (RFC 8445 §5.1.1.3). */
export interface FoundationInput {
  readonly type: CandidateType;
  /** IP of the candidate's base (ports do not matter). */
  readonly baseAddress: string;
  /** IP of the STUN/TURN server used; only counts for srflx and relay candidates. */
  readonly serverAddress?: string;
  /** @default 'udp' */
  readonly transport?: IceTransport;
  /** Relayed candidates: the client-to-server transport (RFC 8656 §3.1). @default 'udp' */
  readonly relayProtocol?: RelayProtocol;
}

/**
 * The canonical key behind a foundation: "type|baseIP|serverIP|transport", plus "|tcp" or "|tls" for a relayed
 * candidate whose TURN server is reached over TCP or TLS. Equal keys ⇔ equal foundations.
 */
export function foundationKey(input: FoundationInput): string {
  const server = input.type === 'srflx' || input.type === 'relay' ? (input.serverAddress ?? '') : '';
  const relayVia = input.type === 'relay' && input.relayProtocol !== undefined && input.relayProtocol !== 'udp' ? `|${input.relayProtocol}` : '';
  return `${input.type}|${input.baseAddress}|${server}|${input.transport ?? 'udp'}${relayVia}`;
}

/**
 * A deterministic foundation: the CRC-32 of `foundationKey(input)` as an unsigned decimal string (1..10 digits, so
 * valid ice-chars per RFC 8839 §5.1 and the same shape browsers use). Stable across runs and machines.
 */
export function computeFoundation(input: FoundationInput): string {
  return String(crc32(foundationKey(input)) >>> 0);
}
