/**
 * What the codec fuzzer checks on every input (issue 14, "Codecs"): the STUN decoder (RFC 8489 §5, §14), the
 * ChannelData decoder (RFC 8656 §12.4) and the describe / integrity / fingerprint helpers never throw, and what
 * they return is consistent with the bytes. A violated invariant throws an Error naming it.
 */
import {
  decode,
  describeMessage,
  isStunMessage,
  stunMessageLength,
  verifyFingerprint,
  verifyIntegrity,
} from '../src/protocols/stun';
import { decodeChannelData, isChannelData } from '../src/protocols/turn';

const KEY = new Uint8Array(16);

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

/** STUN decode: never throws; a decoded message keeps exactly the input bytes and in-bounds, ordered attributes. */
function stunTarget(bytes: Uint8Array): void {
  const r = decode(bytes);
  if (!r.ok) {
    check(r.error.offset >= 0 && r.error.offset <= bytes.length, 'error offset inside the input');
    return;
  }
  const m = r.message;
  check(m.bytes.length === bytes.length && m.bytes.every((b, i) => b === bytes[i]), 'message bytes equal the input');
  check(isStunMessage(bytes) && stunMessageLength(bytes) === bytes.length, 'demux agrees with decode');
  let last = 19;
  for (const a of m.attributes) {
    check(a.offset > last && a.offset + 4 + a.length <= bytes.length, 'attributes in bounds and in order');
    last = a.offset;
  }
  check(new Set(m.unknownRequired).size === m.unknownRequired.length, 'unknownRequired has no duplicates');
  check(m.unknownRequired.every((t) => t < 0x8000), 'unknownRequired are comprehension-required');
  describeMessage(m);
  verifyIntegrity(m, KEY);
  verifyFingerprint(m);
}

/** ChannelData decode: never throws; a decoded message's data is exactly the declared length. */
function channelDataTarget(bytes: Uint8Array): void {
  isChannelData(bytes, true);
  const r = decodeChannelData(bytes);
  if (!r.ok) return;
  const declared = (bytes[2] << 8) | bytes[3];
  check(r.data.length === declared && 4 + declared <= bytes.length, 'ChannelData length is the header\'s');
  check(r.channel >= 0x4000 && r.channel <= 0x7fff, 'ChannelData channel in 0x4000-0x7FFF');
}

/** Runs every target on `bytes`; throws on the first broken invariant (or a crash). */
export function fuzzOne(bytes: Uint8Array): void {
  stunTarget(bytes);
  channelDataTarget(bytes);
}
