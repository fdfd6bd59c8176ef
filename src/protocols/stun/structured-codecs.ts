/**
 * Value codecs for the small structured attributes of RFC 5780 (CHANGE-REQUEST), RFC 8656 (REQUESTED-ADDRESS-FAMILY,
 * EVEN-PORT, REQUESTED-TRANSPORT, ICMP) and RFC 8489 (PASSWORD-ALGORITHM, PASSWORD-ALGORITHMS).
 */
import { StunAddressFamily, WIRE_FAMILY, familyFromWire } from './address-codec';
import { badValue, invalid, okValue, ValueCodec, ValueResult } from './codec-types';

/** CHANGE-REQUEST value (RFC 5780 §7.2): ask the server to answer from its other IP and/or other port. */
export interface ChangeRequestValue {
  /** "A" flag 0x4: respond from the alternate IP address. */
  readonly changeIp: boolean;
  /** "B" flag 0x2: respond from the alternate port. */
  readonly changePort: boolean;
}

/** EVEN-PORT value (RFC 8656 §18.6). */
export interface EvenPortValue {
  /** R bit: also reserve the next-higher port for a later allocation (RESERVATION-TOKEN). */
  readonly reserve: boolean;
}

/** ICMP value (RFC 8656 §18.13) describing why a relayed UDP packet was dropped. */
export interface IcmpValue {
  /** ICMP type, 7 bits (0..127) per the §18.13 figure. */
  readonly type: number;
  /** ICMP code, 9 bits (0..511) per the §18.13 figure. */
  readonly code: number;
  /** Error data: the next-hop MTU for "fragmentation needed" / "packet too big", else 0. */
  readonly errorData: number;
}

/** One PASSWORD-ALGORITHM entry (RFC 8489 §14.11/§14.12): algorithm number and its parameters. */
export interface PasswordAlgorithmValue {
  /** See PasswordAlgorithm in constants.ts: 1 = MD5, 2 = SHA-256. */
  readonly algorithm: number;
  /** Algorithm parameters (empty for MD5 and SHA-256). */
  readonly parameters: Uint8Array;
}

function checkUint(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) invalid(`${what} must be an integer 0..${max}, got ${value}`);
}

/** CHANGE-REQUEST: 32 bits, A = 0x4 (change IP), B = 0x2 (change port); other bits ignored on receipt. */
export const changeRequestCodec: ValueCodec<ChangeRequestValue> = {
  encode(value) {
    const out = new Uint8Array(4);
    out[3] = (value.changeIp ? 0x04 : 0) | (value.changePort ? 0x02 : 0);
    return out;
  },
  decode(bytes) {
    if (bytes.length !== 4) return badValue(`expected 4 bytes, got ${bytes.length}`);
    return okValue({ changeIp: (bytes[3] & 0x04) !== 0, changePort: (bytes[3] & 0x02) !== 0 });
  },
};

/** REQUESTED-ADDRESS-FAMILY / ADDITIONAL-ADDRESS-FAMILY: family byte + 3 reserved bytes (RFC 8656 §18.10/§18.11). */
export const familyCodec: ValueCodec<StunAddressFamily> = {
  encode(value) {
    if (value !== 4 && value !== 6) invalid(`family must be 4 or 6, got ${String(value)}`);
    return Uint8Array.of(WIRE_FAMILY[value], 0, 0, 0);
  },
  decode(bytes) {
    if (bytes.length !== 4) return badValue(`expected 4 bytes, got ${bytes.length}`);
    const family = familyFromWire(bytes[0]);
    if (family === undefined) return badValue(`unknown address family 0x${bytes[0].toString(16)}`, 'unsupported-address-family');
    return okValue(family);
  },
};

/** EVEN-PORT: one byte with the R bit 0x80 (RFC 8656 §18.6); the attribute is padded to 4 like any other. */
export const evenPortCodec: ValueCodec<EvenPortValue> = {
  encode: (value) => Uint8Array.of(value.reserve ? 0x80 : 0),
  decode(bytes) {
    if (bytes.length !== 1) return badValue(`expected 1 byte, got ${bytes.length}`);
    return okValue({ reserve: (bytes[0] & 0x80) !== 0 });
  },
};

/** REQUESTED-TRANSPORT: IANA protocol number + 3 RFFU bytes (RFC 8656 §18.7); 17 = UDP. */
export const transportCodec: ValueCodec<number> = {
  encode(value) {
    checkUint(value, 0xff, 'protocol');
    return Uint8Array.of(value, 0, 0, 0);
  },
  decode(bytes) {
    if (bytes.length !== 4) return badValue(`expected 4 bytes, got ${bytes.length}`);
    return okValue(bytes[0]);
  },
};

/** ICMP: 16 reserved bits, type (7 bits), code (9 bits), 32-bit error data (RFC 8656 §18.13 figure). */
export const icmpCodec: ValueCodec<IcmpValue> = {
  encode(value) {
    checkUint(value.type, 0x7f, 'ICMP type');
    checkUint(value.code, 0x1ff, 'ICMP code');
    checkUint(value.errorData, 0xffffffff, 'error data');
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint16(2, (value.type << 9) | value.code);
    v.setUint32(4, value.errorData);
    return out;
  },
  decode(bytes) {
    if (bytes.length !== 8) return badValue(`expected 8 bytes, got ${bytes.length}`);
    const v = new DataView(bytes.buffer, bytes.byteOffset, 8);
    const tc = v.getUint16(2);
    return okValue({ type: tc >> 9, code: tc & 0x1ff, errorData: v.getUint32(4) });
  },
};

/** Writes one algorithm entry: number, parameter length, parameters padded to 4 with zeros. */
function encodeAlgorithm(value: PasswordAlgorithmValue): Uint8Array {
  checkUint(value.algorithm, 0xffff, 'algorithm');
  if (!(value.parameters instanceof Uint8Array)) invalid('parameters must be a Uint8Array');
  const n = value.parameters.length;
  checkUint(n, 0xffff, 'parameters length');
  const out = new Uint8Array(4 + ((n + 3) & ~3));
  const v = new DataView(out.buffer);
  v.setUint16(0, value.algorithm);
  v.setUint16(2, n);
  out.set(value.parameters, 4);
  return out;
}

/** Reads algorithm entries until the value ends; each entry's parameters are padded to 4 bytes. */
function decodeAlgorithms(bytes: Uint8Array): ValueResult<PasswordAlgorithmValue[]> {
  const out: PasswordAlgorithmValue[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 4) return badValue(`algorithm entry at value offset ${at} is truncated`);
    const algorithm = (bytes[at] << 8) | bytes[at + 1];
    const n = (bytes[at + 2] << 8) | bytes[at + 3];
    const padded = (n + 3) & ~3;
    // The last entry's padding may coincide with the attribute's own padding (not part of the value).
    if (at + 4 + n > bytes.length) return badValue(`algorithm parameters at value offset ${at} exceed the value`);
    out.push({ algorithm, parameters: bytes.subarray(at + 4, at + 4 + n) });
    at = Math.min(bytes.length, at + 4 + padded);
  }
  return okValue(out);
}

/** PASSWORD-ALGORITHM: exactly one entry (RFC 8489 §14.12). */
export const passwordAlgorithmCodec: ValueCodec<PasswordAlgorithmValue> = {
  encode: encodeAlgorithm,
  decode(bytes) {
    const all = decodeAlgorithms(bytes);
    if (!all.ok) return all;
    if (all.value.length !== 1) return badValue(`expected exactly one algorithm, got ${all.value.length}`);
    return okValue(all.value[0]);
  },
};

/** PASSWORD-ALGORITHMS: a list of entries (RFC 8489 §14.11). */
export const passwordAlgorithmsCodec: ValueCodec<readonly PasswordAlgorithmValue[]> = {
  encode(value) {
    if (!Array.isArray(value)) invalid('value must be an array of { algorithm, parameters }');
    const parts = value.map(encodeAlgorithm);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  },
  decode: decodeAlgorithms,
};
