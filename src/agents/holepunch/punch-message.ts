/**
 * The hole-punch agent's datagrams. They are plain ASCII so a packet trace or a Wireshark capture reads like a
 * lesson: `PUNCH alice bob 3` is alice's fourth punch to bob, `ACK bob alice 3` is bob's answer to it, and
 * `KEEPALIVE alice bob 12` keeps the NAT mappings of an established path alive (RFC 4787 §4.3: a mapping lives
 * while packets go out through it).
 */

/** What a hole-punch datagram says. */
export type PunchKind = 'PUNCH' | 'ACK' | 'KEEPALIVE';

/** A decoded hole-punch datagram. */
export interface PunchMessage {
  readonly kind: PunchKind;
  /** The sending agent's name. */
  readonly from: string;
  /** The agent it is meant for. */
  readonly to: string;
  /** Sequence number: of the punch (PUNCH, and the ACK answering it) or of the keepalive. */
  readonly seq: number;
}

const KINDS: readonly PunchKind[] = ['PUNCH', 'ACK', 'KEEPALIVE'];
/** Longest datagram this agent ever sends; anything longer is not ours. */
const MAX_BYTES = 256;

/** The datagram bytes of a message. */
export function encodePunch(m: PunchMessage): Buffer {
  return Buffer.from(`${m.kind} ${m.from} ${m.to} ${m.seq}`, 'ascii');
}

/**
 * Decodes a datagram; undefined when it is not a hole-punch message (STUN responses and stray traffic arrive on the
 * same socket). Never throws.
 */
export function decodePunch(bytes: Uint8Array): PunchMessage | undefined {
  if (bytes.length === 0 || bytes.length > MAX_BYTES) return undefined;
  const parts = Buffer.from(bytes).toString('latin1').split(' ');
  if (parts.length !== 4) return undefined;
  const [kind, from, to, seqText] = parts;
  if (!(KINDS as readonly string[]).includes(kind) || from === '' || to === '' || !/^\d{1,9}$/u.test(seqText)) return undefined;
  return { kind: kind as PunchKind, from, to, seq: Number(seqText) };
}

/** True when the payload bytes start like a hole-punch message from `from` to `to` (for reading traces). */
export function isPunchBetween(bytes: Uint8Array, from: string, to: string): boolean {
  const m = decodePunch(bytes);
  return m !== undefined && m.from === from && m.to === to;
}
