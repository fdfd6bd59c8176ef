/**
 * The handshake of natsim's TLS model: the messages of a TLS 1.3 full handshake (RFC 8446 §2, Figure 1) with real
 * header layouts and realistic sizes, and no cryptography. One round trip, as TLS 1.3:
 *
 *   client -> server  ClientHello (handshake record, 517 bytes on the wire like a browser's)
 *   server -> client  ServerHello (handshake record), ChangeCipherSpec (RFC 8446 §D.4 compatibility), and one
 *                     application_data record standing for EncryptedExtensions + Certificate + CertificateVerify +
 *                     Finished (MODELLED_SERVER_ENCRYPTED_SIZE bytes of filler)
 *   client -> server  ChangeCipherSpec, and one application_data record standing for Finished (53 bytes)
 *
 * ClientHello and ServerHello are well-formed (supported_versions 0x0304, an x25519 key_share of random bytes,
 * TLS_AES_128_GCM_SHA256); the "encrypted" records are random filler. No key is derived and nothing is checked
 * beyond message types: this models bytes and round trips, not security.
 */
import { encodeTlsRecord, TLS_CONTENT, TLS_TAG_SIZE } from './tls-records';

/** Handshake message types used (RFC 8446 §4). */
export const TLS_HANDSHAKE = { clientHello: 1, serverHello: 2 } as const;

/** Size of the record standing for the server's encrypted flight (a ~1.5 KB certificate chain, as a small real one). */
export const MODELLED_SERVER_ENCRYPTED_SIZE = 2048;

/** Size of the record standing for the client's Finished: 36 bytes + inner type + tag (RFC 8446 §4.4.4, §5.2). */
export const MODELLED_CLIENT_FINISHED_SIZE = 36 + 1 + TLS_TAG_SIZE;

/** Bytes of a browser-like ClientHello record (common in captures: padded to 512 bytes of handshake). */
export const MODELLED_CLIENT_HELLO_RECORD_SIZE = 517;

/** Random bytes for the hello randoms, session ids, key shares and filler (the host's seeded stream in the simulator). */
export type RandomBytes = (n: number) => Uint8Array;

function u16(n: number): number[] {
  return [n >>> 8, n & 0xff];
}

function extension(type: number, body: number[]): number[] {
  return [...u16(type), ...u16(body.length), ...body];
}

function handshake(type: number, body: number[]): Uint8Array {
  return Uint8Array.from([type, 0, body.length >>> 8, body.length & 0xff, ...body]);
}

/** The ClientHello record (legacy_version 0x0301 on the record, RFC 8446 §5.1), padded (RFC 7685) to 517 bytes. */
export function modelledClientHello(random: RandomBytes, serverName?: string): Uint8Array {
  const sni = serverName
    ? extension(0x0000, [...u16(serverName.length + 3), 0, ...u16(serverName.length), ...Array.from(serverName, (c) => c.charCodeAt(0) & 0x7f)])
    : [];
  const exts = [
    ...sni,
    ...extension(0x002b, [2, 0x03, 0x04]), // supported_versions: TLS 1.3
    ...extension(0x000a, [0, 2, 0x00, 0x1d]), // supported_groups: x25519
    ...extension(0x000d, [0, 2, 0x08, 0x04]), // signature_algorithms: rsa_pss_rsae_sha256
    ...extension(0x0033, [0, 36, 0x00, 0x1d, 0, 32, ...random(32)]), // key_share: x25519 (random bytes, no key)
  ];
  const head = [0x03, 0x03, ...random(32), 32, ...random(32), 0, 2, 0x13, 0x01, 1, 0];
  // Fill to the target with a padding extension (RFC 7685): record 5 + handshake 4 + head + 2 + exts + 4 + pad.
  const pad = Math.max(0, MODELLED_CLIENT_HELLO_RECORD_SIZE - (5 + 4 + head.length + 2 + exts.length + 4));
  const all = [...exts, ...extension(0x0015, new Array<number>(pad).fill(0))];
  return encodeTlsRecord(TLS_CONTENT.handshake, handshake(TLS_HANDSHAKE.clientHello, [...head, ...u16(all.length), ...all]), 0x0301);
}

/** The server's flight: ServerHello, ChangeCipherSpec, and the record standing for its encrypted handshake. */
export function modelledServerFlight(random: RandomBytes): Uint8Array[] {
  const exts = [...extension(0x002b, [0x03, 0x04]), ...extension(0x0033, [0x00, 0x1d, 0, 32, ...random(32)])];
  const body = [0x03, 0x03, ...random(32), 32, ...random(32), 0x13, 0x01, 0, ...u16(exts.length), ...exts];
  return [
    encodeTlsRecord(TLS_CONTENT.handshake, handshake(TLS_HANDSHAKE.serverHello, body)),
    encodeTlsRecord(TLS_CONTENT.changeCipherSpec, Uint8Array.of(1)),
    encodeTlsRecord(TLS_CONTENT.applicationData, random(MODELLED_SERVER_ENCRYPTED_SIZE)),
  ];
}

/** The client's second flight: ChangeCipherSpec and the record standing for its Finished. */
export function modelledClientFinished(random: RandomBytes): Uint8Array[] {
  return [
    encodeTlsRecord(TLS_CONTENT.changeCipherSpec, Uint8Array.of(1)),
    encodeTlsRecord(TLS_CONTENT.applicationData, random(MODELLED_CLIENT_FINISHED_SIZE)),
  ];
}
