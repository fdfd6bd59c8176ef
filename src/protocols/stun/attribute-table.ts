/**
 * The typed wire table: one line per known attribute (type code, name, value codec). Value types are keyed by name,
 * so `msg.get('XOR-MAPPED-ADDRESS')` is a StunAddress, not `any`. Sources: RFC 8489 §14 and §18.3 (IANA),
 * RFC 5780 §7, RFC 8656 §18, RFC 8445 §16.1.
 */
import { addressCodec, xorAddressCodec } from './address-codec';
import { CodecContext, ValueCodec, ValueEncodeError, ValueResult } from './codec-types';
import { MAX_TEXT_BYTES, MAX_TEXT_CHARS, MAX_USERNAME_BYTES } from './constants';
import { addressErrorCodeCodec, errorCodeCodec } from './error-code';
import { StunEncodeError } from './errors';
import {
  changeRequestCodec,
  evenPortCodec,
  familyCodec,
  icmpCodec,
  passwordAlgorithmCodec,
  passwordAlgorithmsCodec,
  transportCodec,
} from './structured-codecs';
import {
  bytesCodec,
  flagCodec,
  textCodec,
  uint16ListCodec,
  uint16PaddedCodec,
  uint32Codec,
  uint64Codec,
} from './value-codecs';

/** One table row: the attribute's 16-bit type code and its value codec. */
interface Row<V> {
  readonly type: number;
  readonly codec: ValueCodec<V>;
}

function row<V>(type: number, codec: ValueCodec<V>): Row<V> {
  return { type, codec };
}

const text = textCodec(MAX_TEXT_BYTES, MAX_TEXT_CHARS);
const sha256Length = (n: number): boolean => n >= 16 && n <= 32 && n % 4 === 0;

/** Every attribute this codec knows, keyed by its IANA name. */
const TABLE = {
  // RFC 8489 §14 (comprehension-required 0x0000-0x7FFF)
  'MAPPED-ADDRESS': row(0x0001, addressCodec),
  'CHANGE-REQUEST': row(0x0003, changeRequestCodec), // RFC 5780 §7.2
  USERNAME: row(0x0006, textCodec(MAX_USERNAME_BYTES)),
  'MESSAGE-INTEGRITY': row(0x0008, bytesCodec(20, '20 bytes')),
  'ERROR-CODE': row(0x0009, errorCodeCodec),
  'UNKNOWN-ATTRIBUTES': row(0x000a, uint16ListCodec),
  'CHANNEL-NUMBER': row(0x000c, uint16PaddedCodec), // RFC 8656 §18.1
  LIFETIME: row(0x000d, uint32Codec), // RFC 8656 §18.2
  'XOR-PEER-ADDRESS': row(0x0012, xorAddressCodec), // RFC 8656 §18.3, may repeat
  DATA: row(0x0013, bytesCodec()), // RFC 8656 §18.4
  REALM: row(0x0014, text),
  NONCE: row(0x0015, text),
  'XOR-RELAYED-ADDRESS': row(0x0016, xorAddressCodec), // RFC 8656 §18.5
  'REQUESTED-ADDRESS-FAMILY': row(0x0017, familyCodec), // RFC 8656 §18.10
  'EVEN-PORT': row(0x0018, evenPortCodec), // RFC 8656 §18.6
  'REQUESTED-TRANSPORT': row(0x0019, transportCodec), // RFC 8656 §18.7
  'DONT-FRAGMENT': row(0x001a, flagCodec), // RFC 8656 §18.8
  'MESSAGE-INTEGRITY-SHA256': row(0x001c, bytesCodec(sha256Length, '16..32 and a multiple of 4')),
  'PASSWORD-ALGORITHM': row(0x001d, passwordAlgorithmCodec),
  USERHASH: row(0x001e, bytesCodec(32, '32 bytes')),
  'XOR-MAPPED-ADDRESS': row(0x0020, xorAddressCodec),
  'RESERVATION-TOKEN': row(0x0022, bytesCodec(8, '8 bytes')), // RFC 8656 §18.9
  PRIORITY: row(0x0024, uint32Codec), // RFC 8445 §16.1
  'USE-CANDIDATE': row(0x0025, flagCodec), // RFC 8445 §16.1
  PADDING: row(0x0026, bytesCodec()), // RFC 5780 §7.6
  'RESPONSE-PORT': row(0x0027, uint16PaddedCodec), // RFC 5780 §7.5
  // comprehension-optional 0x8000-0xFFFF
  'ADDITIONAL-ADDRESS-FAMILY': row(0x8000, familyCodec), // RFC 8656 §18.11
  'ADDRESS-ERROR-CODE': row(0x8001, addressErrorCodeCodec), // RFC 8656 §18.12
  'PASSWORD-ALGORITHMS': row(0x8002, passwordAlgorithmsCodec),
  'ALTERNATE-DOMAIN': row(0x8003, text),
  ICMP: row(0x8004, icmpCodec), // RFC 8656 §18.13
  SOFTWARE: row(0x8022, text),
  'ALTERNATE-SERVER': row(0x8023, addressCodec),
  'CACHE-TIMEOUT': row(0x8027, uint32Codec), // RFC 5780 §7.7
  FINGERPRINT: row(0x8028, uint32Codec),
  'ICE-CONTROLLED': row(0x8029, uint64Codec), // RFC 8445 §16.1
  'ICE-CONTROLLING': row(0x802a, uint64Codec), // RFC 8445 §16.1
  'RESPONSE-ORIGIN': row(0x802b, addressCodec), // RFC 5780 §7.3
  'OTHER-ADDRESS': row(0x802c, addressCodec), // RFC 5780 §7.4
} as const;

/** The name of a known attribute, e.g. 'XOR-MAPPED-ADDRESS'. */
export type AttributeName = keyof typeof TABLE;

/** The value type of each known attribute, keyed by name: `AttributeValues['LIFETIME']` is `number`. */
export type AttributeValues = {
  [N in AttributeName]: (typeof TABLE)[N] extends Row<infer V> ? V : never;
};

/** Attributes computed by `encode` from its options, never added by hand (RFC 8489 §14.5-§14.7). */
export type SecurityAttributeName = 'MESSAGE-INTEGRITY' | 'MESSAGE-INTEGRITY-SHA256' | 'FINGERPRINT';

/** Attributes a builder may add (everything except the computed security trailer). */
export type AddableAttributeName = Exclude<AttributeName, SecurityAttributeName>;

/** Names whose value is the flag `true` (zero-length attributes). */
export type FlagAttributeName = {
  [N in AttributeName]: AttributeValues[N] extends true ? N : never;
}[AttributeName];

/** Attribute type codes keyed by name: `ATTRIBUTE_CODE['XOR-MAPPED-ADDRESS'] === 0x0020`. */
export const ATTRIBUTE_CODE: { readonly [N in AttributeName]: number } = Object.fromEntries(
  Object.entries(TABLE).map(([name, r]) => [name, r.type]),
) as { readonly [N in AttributeName]: number };

/** Type code -> name. Key: 16-bit attribute type. */
const NAME_BY_CODE: ReadonlyMap<number, AttributeName> = new Map(
  (Object.keys(TABLE) as AttributeName[]).map((name) => [TABLE[name].type, name]),
);

/** The known attribute name for a type code, or undefined. */
export function attributeName(type: number): AttributeName | undefined {
  return NAME_BY_CODE.get(type);
}

/** RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF comprehension-optional. */
export function isComprehensionRequired(type: number): boolean {
  return type < 0x8000;
}

/** True for a name of the computed security trailer (MESSAGE-INTEGRITY, -SHA256, FINGERPRINT). */
export function isSecurityAttribute(name: AttributeName | undefined): name is SecurityAttributeName {
  return name === 'MESSAGE-INTEGRITY' || name === 'MESSAGE-INTEGRITY-SHA256' || name === 'FINGERPRINT';
}

/**
 * Encodes one attribute value (without the TLV header or padding).
 * @throws StunEncodeError naming the attribute when the value cannot be represented
 */
export function encodeAttributeValue<N extends AttributeName>(
  name: N,
  value: AttributeValues[N],
  ctx: CodecContext,
): Uint8Array {
  const r = TABLE[name] as unknown as Row<AttributeValues[N]> | undefined;
  if (!r) throw new StunEncodeError(`unknown attribute name; known: ${Object.keys(TABLE).join(', ')}`, String(name));
  try {
    const bytes = r.codec.encode(value, ctx);
    if (bytes.length > 0xffff) throw new ValueEncodeError(`value is ${bytes.length} bytes, at most 65535 fit`);
    return bytes;
  } catch (e) {
    if (e instanceof ValueEncodeError) throw new StunEncodeError(e.message, name);
    if (e instanceof TypeError) throw new StunEncodeError(`value has the wrong shape (${e.message})`, name);
    throw e;
  }
}

/** Decodes one known attribute value (bytes without padding). Never throws. */
export function decodeAttributeValue<N extends AttributeName>(
  name: N,
  bytes: Uint8Array,
  ctx: CodecContext,
): ValueResult<AttributeValues[N]> {
  const r = TABLE[name] as unknown as Row<AttributeValues[N]>;
  return r.codec.decode(bytes, ctx);
}
