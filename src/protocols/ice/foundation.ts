/**
 * Candidate foundations, RFC 8445 §5.1.1.3: two candidates share a foundation iff they have the same type, their
 * bases have the same IP, they were obtained from the same STUN/TURN server IP (srflx, relay) and over the same
 * transport.
 */
import { str as crc32 } from 'crc-32';
import type { CandidateType, IceTransport } from './candidate';

/** What a foundation depends on (RFC 8445 §5.1.1.3). */
export interface FoundationInput {
  readonly type: CandidateType;
  /** IP of the candidate's base (ports do not matter). */
  readonly baseAddress: string;
  /** IP of the STUN/TURN server used; only counts for srflx and relay candidates. */
  readonly serverAddress?: string;
  /** @default 'udp' */
  readonly transport?: IceTransport;
}

/**
 * The canonical key behind a foundation: "type|baseIP|serverIP|transport". Equal keys ⇔ equal foundations.
 */
export function foundationKey(input: FoundationInput): string {
  const server = input.type === 'srflx' || input.type === 'relay' ? (input.serverAddress ?? '') : '';
  return `${input.type}|${input.baseAddress}|${server}|${input.transport ?? 'udp'}`;
}

/**
 * A deterministic foundation: the CRC-32 of `foundationKey(input)` as an unsigned decimal string (1..10 digits, so
 * valid ice-chars per RFC 8839 §5.1 and the same shape browsers use). Stable across runs and machines.
 */
export function computeFoundation(input: FoundationInput): string {
  return String(crc32(foundationKey(input)) >>> 0);
}
