/**
 * What the simulated out-of-band signaling channel carries (the SDP offer/answer exchange of RFC 8839, reduced to
 * the ICE parts): ICE credentials, candidates as RFC 8839 `candidate:` lines, end-of-candidates (RFC 8838), and the
 * public address of the teaching hole-punch agent. Messages are plain, JSON-serialisable data.
 */

/** ICE username fragment and password (RFC 8445 §5.3, SDP ice-ufrag / ice-pwd of RFC 8839 §5.4). */
export interface CredentialsMessage {
  readonly kind: 'credentials';
  readonly ufrag: string;
  readonly pwd: string;
  /** ICE generation: 0 initially, +1 per ICE restart (RFC 8445 §9). */
  readonly generation: number;
}

/** One trickled candidate (RFC 8838 §4), as an RFC 8839 §5.1 `candidate:` attribute. */
export interface CandidateMessage {
  readonly kind: 'candidate';
  /** The ufrag of the ICE generation the candidate belongs to (RFC 8838 §4 uses ufrag to tell generations apart). */
  readonly ufrag: string;
  /** `candidate:<foundation> <component> udp <priority> <ip> <port> typ <type> ...`. */
  readonly candidate: string;
}

/** No more candidates for this generation (RFC 8838 §13, SDP `a=end-of-candidates`). */
export interface EndOfCandidatesMessage {
  readonly kind: 'end-of-candidates';
  readonly ufrag: string;
}

/** The public (server-reflexive) address of a hole-punch agent, as learned from STUN. */
export interface AddressMessage {
  readonly kind: 'address';
  readonly address: string;
  readonly port: number;
}

/** Every message the signaling channel carries. */
export type SignalingMessage = CredentialsMessage | CandidateMessage | EndOfCandidatesMessage | AddressMessage;

/** The message as one line of text for traces (the SDP attribute where there is one). */
export function signalingText(m: SignalingMessage): string {
  switch (m.kind) {
    case 'credentials':
      return `ice-ufrag:${m.ufrag} ice-pwd:${m.pwd} generation ${m.generation}`;
    case 'candidate':
      return m.candidate;
    case 'end-of-candidates':
      return 'end-of-candidates';
    case 'address':
      return `address ${m.address}:${m.port}`;
  }
}
