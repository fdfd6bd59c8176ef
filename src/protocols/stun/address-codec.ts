/**
 * Address attribute values: MAPPED-ADDRESS format (RFC 8489 §14.1) and its XOR variant (RFC 8489 §14.2), used by
 * XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS (RFC 8656 §18.3/§18.5), ALTERNATE-SERVER,
 * RESPONSE-ORIGIN and OTHER-ADDRESS (RFC 5780 §7.3/§7.4).
 */
import { badValue, CodecContext, invalid, okValue, ValueCodec, ValueResult } from './codec-types';
import { MAGIC_COOKIE } from './constants';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-address';

/** IP version of an address: 4 or 6. */
export type StunAddressFamily = 4 | 6;

/** A transport address as carried in STUN: `{ family: 4, address: '192.0.2.1', port: 32853 }`. */
export interface StunAddress {
  /** 4 = IPv4 (wire family 0x01), 6 = IPv6 (wire family 0x02). */
  readonly family: StunAddressFamily;
  /** Dotted quad for IPv4, canonical RFC 5952 text for IPv6 when decoded (any valid form accepted to encode). */
  readonly address: string;
  /** UDP/TCP port 0..65535. */
  readonly port: number;
}

/** RFC 8489 §14.1: wire family byte for each IP version. */
export const WIRE_FAMILY: Readonly<Record<StunAddressFamily, number>> = { 4: 0x01, 6: 0x02 };

/** Wire family byte -> IP version, or undefined for an unknown family. */
export function familyFromWire(byte: number): StunAddressFamily | undefined {
  return byte === 0x01 ? 4 : byte === 0x02 ? 6 : undefined;
}

/** RFC 8489 §14.2: IPv4 masks with the cookie; IPv6 with cookie ‖ transaction id. */
function xorMask(ctx: CodecContext): Uint8Array {
  const mask = new Uint8Array(16);
  new DataView(mask.buffer).setUint32(0, MAGIC_COOKIE);
  mask.set(ctx.transactionId.subarray(0, 12), 4);
  return mask;
}

/** Validates an address value and returns its raw IP bytes. */
function addressBytes(value: StunAddress): Uint8Array {
  if (typeof value !== 'object' || value === null) return invalid('value must be { family, address, port }');
  const { family, address, port } = value;
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) invalid(`port must be an integer 0..65535, got ${port}`);
  if (family !== 4 && family !== 6) invalid(`family must be 4 or 6, got ${String(family)}`);
  const ip = typeof address === 'string' ? (family === 4 ? parseIPv4(address) : parseIPv6(address)) : undefined;
  if (!ip) invalid(`address '${String(address)}' is not a valid IPv${family} address`);
  return ip as Uint8Array;
}

/** Writes `0x00 | family | port | address`, XORing port and address when `mask` is given. */
function encodeAddress(value: StunAddress, mask?: Uint8Array): Uint8Array {
  const ip = addressBytes(value);
  const out = new Uint8Array(4 + ip.length);
  out[1] = WIRE_FAMILY[value.family];
  const port = mask ? value.port ^ ((mask[0] << 8) | mask[1]) : value.port;
  out[2] = port >> 8;
  out[3] = port & 0xff;
  for (let i = 0; i < ip.length; i++) out[4 + i] = mask ? ip[i] ^ mask[i] : ip[i];
  return out;
}

/** Reads `0x00 | family | port | address`, un-XORing when `mask` is given. */
function decodeAddress(bytes: Uint8Array, mask?: Uint8Array): ValueResult<StunAddress> {
  if (bytes.length < 4) return badValue(`address value too short (${bytes.length} bytes)`);
  const family = familyFromWire(bytes[1]);
  if (family === undefined) {
    return badValue(`unknown address family 0x${bytes[1].toString(16).padStart(2, '0')}`, 'unsupported-address-family');
  }
  const ipLength = family === 4 ? 4 : 16;
  if (bytes.length !== 4 + ipLength) {
    return badValue(`IPv${family} address value must be ${4 + ipLength} bytes, got ${bytes.length}`);
  }
  const rawPort = (bytes[2] << 8) | bytes[3];
  const port = mask ? rawPort ^ ((mask[0] << 8) | mask[1]) : rawPort;
  const ip = new Uint8Array(ipLength);
  for (let i = 0; i < ipLength; i++) ip[i] = mask ? bytes[4 + i] ^ mask[i] : bytes[4 + i];
  return okValue({ family, address: family === 4 ? formatIPv4(ip) : formatIPv6(ip), port });
}

/** MAPPED-ADDRESS format, no XOR (RFC 8489 §14.1). */
export const addressCodec: ValueCodec<StunAddress> = {
  encode: (value) => encodeAddress(value),
  decode: (bytes) => decodeAddress(bytes),
};

/** XOR-MAPPED-ADDRESS format (RFC 8489 §14.2). */
export const xorAddressCodec: ValueCodec<StunAddress> = {
  encode: (value, ctx) => encodeAddress(value, xorMask(ctx)),
  decode: (bytes, ctx) => decodeAddress(bytes, xorMask(ctx)),
};
