/** fast-check arbitraries for valid STUN attribute values and messages (used by the property tests). */
import fc from 'fast-check';
import {
  AddableAttributeName,
  ATTRIBUTE_CODE,
  attributeName,
  AttributeValues,
  StunClass,
  StunMessage,
} from '../../../src/protocols/stun';
import { formatIPv6 } from '../../../src/protocols/stun/ip-address';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(formatIPv6);
const port = fc.nat(0xffff);
const address = fc.oneof(
  fc.record({ family: fc.constant(4 as const), address: ipv4, port }),
  fc.record({ family: fc.constant(6 as const), address: ipv6, port }),
);
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const u32 = fc.nat(0xffffffff);
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const family = fc.constantFrom(4 as const, 6 as const);
const reason = fc.string({ unit: 'grapheme', maxLength: 30 });
const algorithm = fc.record({ algorithm: fc.nat(0xffff), parameters: bytes(0, 9) });

/** One arbitrary per addable attribute: the keys are checked against the table by the type below. */
export const VALUE_ARBITRARIES: { [N in AddableAttributeName]: fc.Arbitrary<AttributeValues[N]> } = {
  'MAPPED-ADDRESS': address,
  'XOR-MAPPED-ADDRESS': address,
  'XOR-PEER-ADDRESS': address,
  'XOR-RELAYED-ADDRESS': address,
  'ALTERNATE-SERVER': address,
  'RESPONSE-ORIGIN': address,
  'OTHER-ADDRESS': address,
  USERNAME: text,
  REALM: text,
  NONCE: text,
  SOFTWARE: text,
  'ALTERNATE-DOMAIN': text,
  'ERROR-CODE': fc.record({ code: fc.integer({ min: 300, max: 699 }), reason }),
  'ADDRESS-ERROR-CODE': fc.record({ family, code: fc.integer({ min: 300, max: 699 }), reason }),
  'UNKNOWN-ATTRIBUTES': fc.array(fc.nat(0xffff), { maxLength: 5 }),
  'CHANNEL-NUMBER': fc.integer({ min: 0x4000, max: 0x4fff }),
  LIFETIME: u32,
  DATA: bytes(0, 64),
  'REQUESTED-ADDRESS-FAMILY': family,
  'ADDITIONAL-ADDRESS-FAMILY': family,
  'EVEN-PORT': fc.record({ reserve: fc.boolean() }),
  'REQUESTED-TRANSPORT': fc.nat(255),
  'DONT-FRAGMENT': fc.constant(true as const),
  'RESERVATION-TOKEN': bytes(8, 8),
  'PASSWORD-ALGORITHM': algorithm,
  'PASSWORD-ALGORITHMS': fc.array(algorithm, { maxLength: 3 }),
  USERHASH: bytes(32, 32),
  PRIORITY: u32,
  'USE-CANDIDATE': fc.constant(true as const),
  'ICE-CONTROLLED': fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  'ICE-CONTROLLING': fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  'CHANGE-REQUEST': fc.record({ changeIp: fc.boolean(), changePort: fc.boolean() }),
  PADDING: bytes(0, 32),
  'RESPONSE-PORT': port,
  'CACHE-TIMEOUT': u32,
  ICMP: fc.record({ type: fc.nat(127), code: fc.nat(511), errorData: u32 }),
};

/** A known attribute entry to add: [name, value]. */
export type AddEntry = { [N in AddableAttributeName]: { name: N; value: AttributeValues[N] } }[AddableAttributeName];

const knownEntry: fc.Arbitrary<AddEntry> = fc
  .constantFrom(...(Object.keys(VALUE_ARBITRARIES) as AddableAttributeName[]))
  .chain((name) => (VALUE_ARBITRARIES[name] as fc.Arbitrary<unknown>).map((value) => ({ name, value }) as AddEntry));

/** An unknown attribute type (never in the table), comprehension-required or optional. */
const unknownType = fc.nat(0xffff).filter((t) => attributeName(t) === undefined);

/** A raw attribute entry: unknown type + value bytes. */
export interface RawEntry {
  name: undefined;
  type: number;
  value: Uint8Array;
}
const rawEntry: fc.Arbitrary<RawEntry> = fc.record({ name: fc.constant(undefined), type: unknownType, value: bytes(0, 12) });

/** A whole message description. */
export interface MessageSpec {
  cls: StunClass;
  method: number;
  transactionId: Uint8Array;
  entries: (AddEntry | RawEntry)[];
}

export const messageSpec: fc.Arbitrary<MessageSpec> = fc.record({
  cls: fc.constantFrom<StunClass>('request', 'indication', 'success', 'error'),
  method: fc.nat(0xfff),
  transactionId: bytes(12, 12),
  entries: fc.array(fc.oneof({ arbitrary: knownEntry, weight: 4 }, { arbitrary: rawEntry, weight: 1 }), { maxLength: 8 }),
});

/** Builds the StunMessage a spec describes. */
export function buildMessage(spec: MessageSpec): StunMessage {
  const msg = new StunMessage(spec.cls, spec.method, spec.transactionId);
  for (const e of spec.entries) {
    if (e.name === undefined) msg.addRaw(e.type, e.value);
    else (msg.add as (n: string, v: unknown) => StunMessage)(e.name, e.value);
  }
  return msg;
}

/** Codes of the security trailer, which generated raw entries never use (they are known types). */
export const TRAILER_CODES = [ATTRIBUTE_CODE['MESSAGE-INTEGRITY'], ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256'], ATTRIBUTE_CODE.FINGERPRINT];
