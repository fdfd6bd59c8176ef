/** A message as received: typed reads plus where each attribute sits in the received bytes (RFC 8489 §14). */
import { KnownAttribute, RawAttribute, StunMessageBase } from './message';
import { StunClass } from './message-type';

/** Where an attribute sits in the received message. */
export interface AttributeLocation {
  /** Byte offset of the attribute's 4-byte type/length header from the start of the message. */
  readonly offset: number;
  /** The declared value length (without padding). */
  readonly length: number;
}

/** An attribute of a decoded message: known (typed) or raw, with its location. */
export type DecodedAttribute = (KnownAttribute | RawAttribute) & AttributeLocation;

/** What `decode` found; see {@link DecodedStunMessage}. */
export interface DecodedStunMessageInit {
  readonly class: StunClass;
  readonly method: number;
  readonly messageType: number;
  readonly transactionId: Uint8Array;
  readonly bytes: Uint8Array;
  readonly attributes: readonly DecodedAttribute[];
  readonly ignoredAttributes: readonly (RawAttribute & AttributeLocation)[];
  readonly unknownRequired: readonly number[];
}

/**
 * A decoded STUN message. `get`/`getAll`/`has` read the processed attributes; `bytes` are the exact bytes decoded, so
 * integrity and fingerprint are verified over what was received (padding included, RFC 8489 §14).
 */
export class DecodedStunMessage extends StunMessageBase {
  readonly class: StunClass;
  readonly method: number;
  /** The raw 14-bit message type from the header. */
  readonly messageType: number;
  readonly transactionId: Uint8Array;
  /** A private copy of the message bytes (header + attributes, exactly the length the header declares). */
  readonly bytes: Uint8Array;
  /**
   * Processed attributes in wire order: everything up to and including MESSAGE-INTEGRITY, then only
   * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (RFC 8489 §14.5, §14.6, §14.7). Unknown types are kept raw.
   */
  readonly attributes: readonly DecodedAttribute[];
  /**
   * Attributes that must be ignored: any other attribute after MESSAGE-INTEGRITY (RFC 8489 §14.5), after
   * MESSAGE-INTEGRITY-SHA256 (§14.6) or after FINGERPRINT (§14.7). Kept raw and undecoded, for diagnostics.
   */
  readonly ignoredAttributes: readonly (RawAttribute & AttributeLocation)[];
  /**
   * Unknown comprehension-required attribute types (0x0000-0x7FFF) among the processed attributes, deduplicated, in
   * order of first appearance. Non-empty means: a request gets 420 + UNKNOWN-ATTRIBUTES, an indication is discarded,
   * a response fails its transaction (RFC 8489 §6.3).
   */
  readonly unknownRequired: readonly number[];

  /** Built by `decode` only. */
  constructor(init: DecodedStunMessageInit) {
    super();
    this.class = init.class;
    this.method = init.method;
    this.messageType = init.messageType;
    this.transactionId = init.transactionId;
    this.bytes = init.bytes;
    this.attributes = init.attributes;
    this.ignoredAttributes = init.ignoredAttributes;
    this.unknownRequired = init.unknownRequired;
  }

  /** The location of the first processed attribute with this type code, or undefined. */
  locate(type: number): DecodedAttribute | undefined {
    return this.attributes.find((a) => a.type === type);
  }
}
