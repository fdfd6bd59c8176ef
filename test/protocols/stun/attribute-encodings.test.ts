/**
 * Wire bytes of single attributes, table-driven: each row encodes a value (header + padded value) in a message with
 * the RFC 5769 transaction id and decodes it back to the same value.
 */
import { expect } from 'chai';
import {
  AddableAttributeName,
  AttributeValues,
  ATTRIBUTE_CODE,
  decode,
  encode,
  errorCode,
  StunErrorCode,
  StunMessage,
  TRANSPORT_UDP,
} from '../../../src/protocols/stun';
import { hex, toHex } from './hex';

const TXID = hex('b7e7a701bc34d686fa87dfae');

/** Encodes one attribute and returns the bytes after the 20-byte header. */
function attributeBytes<N extends AddableAttributeName>(name: N, value: AttributeValues[N]): string {
  const msg = new StunMessage('request', 1, TXID);
  (msg.add as (n: N, v: AttributeValues[N]) => StunMessage)(name, value);
  return toHex(encode(msg).subarray(20));
}

/** Decodes a message holding `attr` (hex of one attribute TLV) and returns the first value of `name`. */
function decodeValue<N extends AddableAttributeName>(name: N, attr: string): AttributeValues[N] | undefined {
  const body = hex(attr);
  const head = hex(`0001${body.length.toString(16).padStart(4, '0')}2112a442`);
  const r = decode(Uint8Array.from([...head, ...TXID, ...body]));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.message.get(name);
}

interface Row {
  story: string;
  name: AddableAttributeName;
  value: unknown;
  wire: string;
}

const rows: Row[] = [
  {
    story: 'XOR-MAPPED-ADDRESS 203.0.113.5:54321 (protocol-facts derived vector)',
    name: 'XOR-MAPPED-ADDRESS',
    value: { family: 4, address: '203.0.113.5', port: 54321 },
    wire: '00200008 0001f523ea12d547',
  },
  {
    story: 'XOR-MAPPED-ADDRESS 192.0.2.1:32853 (RFC 5769 §2.2)',
    name: 'XOR-MAPPED-ADDRESS',
    value: { family: 4, address: '192.0.2.1', port: 32853 },
    wire: '00200008 0001a147e112a643',
  },
  {
    story: 'XOR-MAPPED-ADDRESS IPv6 masks with cookie and transaction id (RFC 5769 §2.3)',
    name: 'XOR-MAPPED-ADDRESS',
    value: { family: 6, address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
    wire: '00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9',
  },
  {
    story: 'MAPPED-ADDRESS is not XORed',
    name: 'MAPPED-ADDRESS',
    value: { family: 4, address: '192.0.2.1', port: 32853 },
    wire: '00010008 00018055c0000201',
  },
  {
    story: 'OTHER-ADDRESS uses the MAPPED-ADDRESS layout at 0x802C (RFC 5780 §7.4)',
    name: 'OTHER-ADDRESS',
    value: { family: 4, address: '198.51.100.2', port: 3479 },
    wire: '802c0008 00010d97c6336402',
  },
  {
    story: 'RESPONSE-ORIGIN at 0x802B (RFC 5780 §7.3)',
    name: 'RESPONSE-ORIGIN',
    value: { family: 4, address: '198.51.100.1', port: 3478 },
    wire: '802b0008 00010d96c6336401',
  },
  { story: 'ERROR-CODE 300', name: 'ERROR-CODE', value: errorCode(300), wire: '0009 0011 00000300 54727920416c7465726e617465 000000' },
  { story: 'ERROR-CODE 400', name: 'ERROR-CODE', value: { code: 400, reason: '' }, wire: '00090004 00000400' },
  { story: 'ERROR-CODE 401', name: 'ERROR-CODE', value: { code: 401, reason: '' }, wire: '00090004 00000401' },
  { story: 'ERROR-CODE 420 = class 4 number 20', name: 'ERROR-CODE', value: { code: 420, reason: '' }, wire: '00090004 00000414' },
  { story: 'ERROR-CODE 438 = class 4 number 38', name: 'ERROR-CODE', value: { code: 438, reason: '' }, wire: '00090004 00000426' },
  { story: 'ERROR-CODE 487 = class 4 number 87', name: 'ERROR-CODE', value: { code: 487, reason: '' }, wire: '00090004 00000457' },
  { story: 'ERROR-CODE 500', name: 'ERROR-CODE', value: { code: 500, reason: '' }, wire: '00090004 00000500' },
  {
    story: 'ERROR-CODE with a reason phrase pads to 4',
    name: 'ERROR-CODE',
    value: { code: 438, reason: 'Stale Nonce' },
    wire: '0009000f 00000426 5374616c65204e6f6e6365 00',
  },
  {
    story: 'UNKNOWN-ATTRIBUTES lists 16-bit types, padded',
    name: 'UNKNOWN-ATTRIBUTES',
    value: [0x0099, 0x7000, 0x001a],
    wire: '000a0006 00997000001a 0000',
  },
  { story: 'CHANNEL-NUMBER 0x4000 + RFFU', name: 'CHANNEL-NUMBER', value: 0x4000, wire: '000c0004 40000000' },
  { story: 'LIFETIME 600 s', name: 'LIFETIME', value: 600, wire: '000d0004 00000258' },
  { story: 'LIFETIME 3600 s', name: 'LIFETIME', value: 3600, wire: '000d0004 00000e10' },
  { story: 'REQUESTED-TRANSPORT UDP', name: 'REQUESTED-TRANSPORT', value: TRANSPORT_UDP, wire: '00190004 11000000' },
  { story: 'REQUESTED-ADDRESS-FAMILY IPv6', name: 'REQUESTED-ADDRESS-FAMILY', value: 6, wire: '00170004 02000000' },
  { story: 'ADDITIONAL-ADDRESS-FAMILY IPv6', name: 'ADDITIONAL-ADDRESS-FAMILY', value: 6, wire: '80000004 02000000' },
  { story: 'EVEN-PORT with R bit, 1 byte + 3 pad', name: 'EVEN-PORT', value: { reserve: true }, wire: '00180001 80000000' },
  { story: 'EVEN-PORT without R bit', name: 'EVEN-PORT', value: { reserve: false }, wire: '00180001 00000000' },
  { story: 'DONT-FRAGMENT is empty', name: 'DONT-FRAGMENT', value: true, wire: '001a0000' },
  {
    story: 'RESERVATION-TOKEN is 8 opaque bytes',
    name: 'RESERVATION-TOKEN',
    value: hex('0102030405060708'),
    wire: '00220008 0102030405060708',
  },
  { story: 'DATA of 3 bytes pads to 4', name: 'DATA', value: hex('010203'), wire: '00130003 01020300' },
  {
    story: 'XOR-PEER-ADDRESS uses the XOR encoding (RFC 8656 §18.3)',
    name: 'XOR-PEER-ADDRESS',
    value: { family: 4, address: '203.0.113.5', port: 54321 },
    wire: '00120008 0001f523ea12d547',
  },
  {
    story: 'XOR-RELAYED-ADDRESS uses the XOR encoding (RFC 8656 §18.5)',
    name: 'XOR-RELAYED-ADDRESS',
    value: { family: 4, address: '203.0.113.5', port: 54321 },
    wire: '00160008 0001f523ea12d547',
  },
  {
    story: 'ADDRESS-ERROR-CODE carries family then class/number (RFC 8656 §18.12)',
    name: 'ADDRESS-ERROR-CODE',
    value: { family: 6, code: 440, reason: '' },
    wire: '80010004 02000428',
  },
  // IPv6 (issue 11 groundwork): every address attribute with family 0x02. The XOR ones reuse RFC 5769 §2.3's
  // vector (2001:db8:1234:5678:11:2233:4455:6677 port 32853 under its transaction id); only the type differs.
  {
    story: 'XOR-PEER-ADDRESS IPv6, masked as in RFC 5769 §2.3 (RFC 8656 §18.3)',
    name: 'XOR-PEER-ADDRESS',
    value: { family: 6, address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
    wire: '00120014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9',
  },
  {
    story: 'XOR-RELAYED-ADDRESS IPv6, masked as in RFC 5769 §2.3 (RFC 8656 §18.5)',
    name: 'XOR-RELAYED-ADDRESS',
    value: { family: 6, address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
    wire: '00160014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9',
  },
  {
    story: 'MAPPED-ADDRESS IPv6 is not XORed (RFC 8489 §14.1)',
    name: 'MAPPED-ADDRESS',
    value: { family: 6, address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
    wire: '00010014 00028055 20010db8 12345678 00112233 44556677',
  },
  {
    story: 'OTHER-ADDRESS IPv6 (RFC 5780 §7.4)',
    name: 'OTHER-ADDRESS',
    value: { family: 6, address: '2001:db8::2', port: 3479 },
    wire: '802c0014 00020d97 20010db8 00000000 00000000 00000002',
  },
  {
    story: 'RESPONSE-ORIGIN IPv6 (RFC 5780 §7.3)',
    name: 'RESPONSE-ORIGIN',
    value: { family: 6, address: '2001:db8::1', port: 3478 },
    wire: '802b0014 00020d96 20010db8 00000000 00000000 00000001',
  },
  {
    story: 'ALTERNATE-SERVER IPv6, an IPv4-mapped address (RFC 5952 §5 text)',
    name: 'ALTERNATE-SERVER',
    value: { family: 6, address: '::ffff:192.0.2.9', port: 3478 },
    wire: '80230014 00020d96 00000000 00000000 0000ffff c0000209',
  },
  { story: 'REQUESTED-ADDRESS-FAMILY IPv4 (RFC 8656 §18.10)', name: 'REQUESTED-ADDRESS-FAMILY', value: 4, wire: '00170004 01000000' },
  { story: 'ADDITIONAL-ADDRESS-FAMILY IPv4 (a server refuses it with 400, RFC 8656 §7.2)', name: 'ADDITIONAL-ADDRESS-FAMILY', value: 4, wire: '80000004 01000000' },
  {
    story: 'ADDRESS-ERROR-CODE IPv4 443 with its reason phrase (RFC 8656 §18.12)',
    name: 'ADDRESS-ERROR-CODE',
    value: { family: 4, code: 443, reason: 'Peer Address Family Mismatch' },
    wire: '80010020 0100042b 50656572 20416464 72657373 2046616d 696c7920 4d69736d 61746368',
  },
  {
    story: 'ICMP: type in the top 7 bits, code in the low 9 bits of the second half-word (RFC 8656 §18.13)',
    name: 'ICMP',
    value: { type: 3, code: 4, errorData: 1400 },
    wire: '80040008 00000604 00000578',
  },
  { story: 'CHANGE-REQUEST change IP + port', name: 'CHANGE-REQUEST', value: { changeIp: true, changePort: true }, wire: '00030004 00000006' },
  { story: 'CHANGE-REQUEST change port only', name: 'CHANGE-REQUEST', value: { changeIp: false, changePort: true }, wire: '00030004 00000002' },
  { story: 'CHANGE-REQUEST change IP only', name: 'CHANGE-REQUEST', value: { changeIp: true, changePort: false }, wire: '00030004 00000004' },
  { story: 'RESPONSE-PORT: 16-bit port + 2 pad (RFC 5780 §7.5)', name: 'RESPONSE-PORT', value: 40000, wire: '00270004 9c400000' },
  { story: 'CACHE-TIMEOUT seconds (RFC 5780 §7.7)', name: 'CACHE-TIMEOUT', value: 60, wire: '80270004 0000003c' },
  { story: 'PADDING is opaque (RFC 5780 §7.6)', name: 'PADDING', value: new Uint8Array(8), wire: '00260008 0000000000000000' },
  { story: 'PRIORITY prflx/1/1 (RFC 5769 §2.1)', name: 'PRIORITY', value: 0x6e0001ff, wire: '00240004 6e0001ff' },
  { story: 'USE-CANDIDATE is empty', name: 'USE-CANDIDATE', value: true, wire: '00250000' },
  {
    story: 'ICE-CONTROLLED 64-bit tie-breaker as bigint (RFC 5769 §2.1)',
    name: 'ICE-CONTROLLED',
    value: 0x932ff9b151263b36n,
    wire: '80290008 932ff9b151263b36',
  },
  {
    story: 'ICE-CONTROLLING tie-breaker above 2^63',
    name: 'ICE-CONTROLLING',
    value: 0xffffffffffffffffn,
    wire: '802a0008 ffffffffffffffff',
  },
  { story: 'USERNAME "evtj:h6vY" pads with zeros', name: 'USERNAME', value: 'evtj:h6vY', wire: '00060009 6576746a3a68367659 000000' },
  { story: 'SOFTWARE UTF-8 text', name: 'SOFTWARE', value: 'natsim', wire: '80220006 6e617473696d 0000' },
  { story: 'ALTERNATE-DOMAIN text', name: 'ALTERNATE-DOMAIN', value: 'example.org', wire: '8003000b 6578616d706c652e6f7267 00' },
  {
    story: 'ALTERNATE-SERVER plain address',
    name: 'ALTERNATE-SERVER',
    value: { family: 4, address: '192.0.2.9', port: 3478 },
    wire: '80230008 00010d96c0000209',
  },
  {
    story: 'PASSWORD-ALGORITHMS lists MD5 and SHA-256 without parameters',
    name: 'PASSWORD-ALGORITHMS',
    value: [
      { algorithm: 1, parameters: new Uint8Array(0) },
      { algorithm: 2, parameters: new Uint8Array(0) },
    ],
    wire: '80020008 00010000 00020000',
  },
  {
    story: 'PASSWORD-ALGORITHM with parameters pads them inside the value',
    name: 'PASSWORD-ALGORITHM',
    value: { algorithm: 0x00ff, parameters: hex('0a0b0c') },
    wire: '001d0008 00ff0003 0a0b0c00',
  },
];

describe('attribute wire encodings', () => {
  for (const row of rows) {
    it(`encodes and decodes ${row.story}`, () => {
      const wire = row.wire.replace(/\s+/g, '');
      expect(attributeBytes(row.name, row.value as never)).to.equal(wire);
      expect(decodeValue(row.name, wire)).to.deep.equal(row.value);
    });
  }

  it('gives every registered error code a default reason phrase', () => {
    const table: [number, string][] = [
      [StunErrorCode.TryAlternate, 'Try Alternate'],
      [StunErrorCode.BadRequest, 'Bad Request'],
      [StunErrorCode.Unauthenticated, 'Unauthenticated'],
      [StunErrorCode.UnknownAttribute, 'Unknown Attribute'],
      [StunErrorCode.StaleNonce, 'Stale Nonce'],
      [StunErrorCode.RoleConflict, 'Role Conflict'],
      [StunErrorCode.ServerError, 'Server Error'],
      [StunErrorCode.AllocationMismatch, 'Allocation Mismatch'],
      [StunErrorCode.InsufficientCapacity, 'Insufficient Capacity'],
      // RFC 8656 §19 (IANA): the IPv6 / dual-stack errors.
      [StunErrorCode.AddressFamilyNotSupported, 'Address Family not Supported'],
      [StunErrorCode.PeerAddressFamilyMismatch, 'Peer Address Family Mismatch'],
    ];
    expect([StunErrorCode.AddressFamilyNotSupported, StunErrorCode.PeerAddressFamilyMismatch]).to.deep.equal([440, 443]);
    for (const [code, reason] of table) expect(errorCode(code)).to.deep.equal({ code, reason });
  });

  it('has a type code for every attribute named in the brief', () => {
    expect(ATTRIBUTE_CODE).to.include({
      'MAPPED-ADDRESS': 0x0001,
      'XOR-MAPPED-ADDRESS': 0x0020,
      'MESSAGE-INTEGRITY': 0x0008,
      'MESSAGE-INTEGRITY-SHA256': 0x001c,
      FINGERPRINT: 0x8028,
      USERHASH: 0x001e,
      'PASSWORD-ALGORITHMS': 0x8002,
      'ALTERNATE-DOMAIN': 0x8003,
      'ICE-CONTROLLING': 0x802a,
      'ICE-CONTROLLED': 0x8029,
      PRIORITY: 0x0024,
      'USE-CANDIDATE': 0x0025,
      'RESERVATION-TOKEN': 0x0022,
      ICMP: 0x8004,
    });
  });
});
