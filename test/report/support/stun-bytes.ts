/** Test helpers: STUN/TURN bytes for synthetic traces (RFC 5769 vectors and small well-formed messages). */
import * as CRC32 from 'crc-32';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** RFC 5769 §2.1 sample request (108 bytes): Binding request with MESSAGE-INTEGRITY and FINGERPRINT. */
export const RFC5769_REQUEST = hex(`00010058 2112a442 b7e7a701 bc34d686 fa87dfae 80220010 5354554e 20746573 7420636c 69656e74
00240004 6e0001ff 80290008 932ff9b1 51263b36 00060009 6576746a 3a683676 59202020 00080014
9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2 80280004 e57a3bcf`);

/** RFC 5769 §2.2 sample IPv4 response (80 bytes): Binding success, XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
export const RFC5769_RESPONSE = hex(`0101003c 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563 746f7220 00200008
0001a147 e112a643 00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7 80280004 c07d4c96`);

/** A TLV attribute with padding. */
export function attr(type: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + ((value.length + 3) & ~3));
  new DataView(out.buffer).setUint16(0, type);
  new DataView(out.buffer).setUint16(2, value.length);
  out.set(value, 4);
  return out;
}

/** ERROR-CODE attribute value (RFC 8489 §14.8). */
export function errorCode(code: number, reason: string): Uint8Array {
  return attr(0x0009, new Uint8Array([0, 0, Math.floor(code / 100), code % 100, ...Buffer.from(reason)]));
}

/** XOR-MAPPED-ADDRESS / XOR-RELAYED-ADDRESS / XOR-PEER-ADDRESS for IPv4 (RFC 8489 §14.2). */
export function xorAddress(type: number, ip: string, port: number): Uint8Array {
  const v = new Uint8Array(8);
  const d = new DataView(v.buffer);
  d.setUint8(1, 1);
  d.setUint16(2, port ^ 0x2112);
  const n = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  d.setUint32(4, (n ^ 0x2112a442) >>> 0);
  return attr(type, v);
}

/** A STUN message of `type` with `attrs` and a FINGERPRINT (RFC 8489 §14.7); txid from `seq`. */
export function stunMessage(type: number, seq: number, attrs: Uint8Array[] = []): Uint8Array {
  const body = Buffer.concat(attrs);
  const msg = Buffer.alloc(20 + body.length + 8);
  msg.writeUInt16BE(type, 0);
  msg.writeUInt16BE(body.length + 8, 2);
  msg.writeUInt32BE(0x2112a442, 4);
  msg.writeUInt32BE(0x6e617473, 8); // "nats"
  msg.writeUInt32BE(0x696d0000, 12);
  msg.writeUInt32BE(seq, 16);
  body.copy(msg, 20);
  msg.writeUInt16BE(0x8028, 20 + body.length);
  msg.writeUInt16BE(4, 22 + body.length);
  const crc = (CRC32.buf(msg.subarray(0, 20 + body.length)) ^ 0x5354554e) >>> 0;
  msg.writeUInt32BE(crc, 24 + body.length);
  return new Uint8Array(msg);
}

/** TURN ChannelData (RFC 8656 §12.4). */
export function channelData(channel: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  new DataView(out.buffer).setUint16(0, channel);
  new DataView(out.buffer).setUint16(2, data.length);
  out.set(data, 4);
  return out;
}
