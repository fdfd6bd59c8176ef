/**
 * The STUN message model (RFC 8489 §5, §14): class, method, 96-bit transaction id and an ordered attribute list,
 * with a typed builder (`StunMessage`) and typed reads shared with decoded messages.
 */
import {
  AddableAttributeName,
  AttributeName,
  AttributeValues,
  encodeAttributeValue,
  isSecurityAttribute,
  ATTRIBUTE_CODE,
} from './attribute-table';
import { TRANSACTION_ID_LENGTH } from './constants';
import { errorCode } from './error-code';
import { StunEncodeError } from './errors';
import { MAX_METHOD, StunClass } from './message-type';

/** A known attribute: name, type code and typed value. Narrow on `name` to get the value type. */
export type KnownAttribute = {
  [N in AttributeName]: { readonly name: N; readonly type: number; readonly value: AttributeValues[N] };
}[AttributeName];

/** An attribute kept as raw value bytes: an unknown type, or one added with `addRaw`. `name` is undefined. */
export interface RawAttribute {
  readonly name: undefined;
  /** 16-bit attribute type. */
  readonly type: number;
  /** Value bytes without padding. */
  readonly value: Uint8Array;
}

/** One entry of a message's ordered attribute list. */
export type StunAttribute = KnownAttribute | RawAttribute;

/** Value argument of `add`: optional for flag attributes (USE-CANDIDATE, DONT-FRAGMENT), required otherwise. */
export type AddValueArgs<N extends AttributeName> = AttributeValues[N] extends true
  ? [value?: true]
  : [value: AttributeValues[N]];

/** Read access shared by built and decoded messages. `encode` accepts any of them. */
export abstract class StunMessageBase {
  /** Request, indication, success or error response. */
  abstract readonly class: StunClass;
  /** 12-bit method (see StunMethod). */
  abstract readonly method: number;
  /** 96-bit transaction id, 12 bytes. */
  abstract readonly transactionId: Uint8Array;
  /** Attributes in wire order. */
  abstract readonly attributes: readonly StunAttribute[];

  /** The value of the first attribute with this name (RFC 8489 §14: only the first occurrence counts), or undefined. */
  get<N extends AttributeName>(name: N): AttributeValues[N] | undefined {
    for (const a of this.attributes) if (a.name === name) return a.value as AttributeValues[N];
    return undefined;
  }

  /** Values of every attribute with this name, in order (e.g. several XOR-PEER-ADDRESS, RFC 8656 §10). */
  getAll<N extends AttributeName>(name: N): AttributeValues[N][] {
    const out: AttributeValues[N][] = [];
    for (const a of this.attributes) if (a.name === name) out.push(a.value as AttributeValues[N]);
    return out;
  }

  /** True if an attribute with this name is present. */
  has(name: AttributeName): boolean {
    return this.attributes.some((a) => a.name === name);
  }

  /** The raw value of the first attribute of this type code that is kept raw (unknown or added raw), or undefined. */
  getRaw(type: number): Uint8Array | undefined {
    for (const a of this.attributes) if (a.name === undefined && a.type === type) return a.value;
    return undefined;
  }
}

/** Checks class, method and transaction id of a new message. */
function checkHeader(cls: StunClass, method: number, transactionId: Uint8Array): void {
  if (!['request', 'indication', 'success', 'error'].includes(cls)) {
    throw new StunEncodeError(`class must be request | indication | success | error, got ${String(cls)}`, 'header');
  }
  if (!Number.isInteger(method) || method < 0 || method > MAX_METHOD) {
    throw new StunEncodeError(`method must be an integer 0..0xFFF, got ${method}`, 'header');
  }
  if (!(transactionId instanceof Uint8Array) || transactionId.length !== TRANSACTION_ID_LENGTH) {
    throw new StunEncodeError('transaction id must be a Uint8Array of 12 bytes', 'header');
  }
}

/**
 * A STUN message under construction. Values are validated when added (StunEncodeError names the attribute and
 * what is valid), so a built message always encodes. Values are stored by reference: do not mutate them later.
 *
 * @example
 * new StunMessage('success', StunMethod.Binding, req.transactionId)
 *   .add('XOR-MAPPED-ADDRESS', { family: 4, address: '203.0.113.5', port: 54321 })
 *   .add('SOFTWARE', 'natsim');
 */
export class StunMessage extends StunMessageBase {
  readonly class: StunClass;
  readonly method: number;
  readonly transactionId: Uint8Array;
  private readonly list: StunAttribute[] = [];

  /**
   * @param cls message class
   * @param method 12-bit method, e.g. StunMethod.Binding
   * @param transactionId 12 bytes (copied)
   * @throws StunEncodeError for a bad class, method or transaction id
   */
  constructor(cls: StunClass, method: number, transactionId: Uint8Array) {
    super();
    checkHeader(cls, method, transactionId);
    this.class = cls;
    this.method = method;
    this.transactionId = Uint8Array.from(transactionId);
  }

  /** Attributes in the order they were added. */
  get attributes(): readonly StunAttribute[] {
    return this.list;
  }

  /** A request (RFC 8489 §6.1). */
  static request(method: number, transactionId: Uint8Array): StunMessage {
    return new StunMessage('request', method, transactionId);
  }

  /** An indication (RFC 8489 §6.1). */
  static indication(method: number, transactionId: Uint8Array): StunMessage {
    return new StunMessage('indication', method, transactionId);
  }

  /** A success response with the request's method and transaction id (RFC 8489 §6.3.1.1). */
  static successResponse(request: StunMessageBase): StunMessage {
    return new StunMessage('success', request.method, request.transactionId);
  }

  /**
   * An error response with the request's method and transaction id and an ERROR-CODE attribute (RFC 8489 §6.3.1.1).
   * @param reason defaults to the registered reason phrase
   */
  static errorResponse(request: StunMessageBase, code: number, reason?: string): StunMessage {
    return new StunMessage('error', request.method, request.transactionId).add('ERROR-CODE', errorCode(code, reason));
  }

  /**
   * Appends a known attribute. MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT cannot be added: `encode`
   * computes them from its options.
   * @throws StunEncodeError naming the attribute if the value cannot be encoded
   */
  add<N extends AddableAttributeName>(name: N, ...args: AddValueArgs<N>): this {
    if (isSecurityAttribute(name as AttributeName)) {
      throw new StunEncodeError('computed by encode(); pass { integrity } or { fingerprint: true } instead', name);
    }
    const value = (args.length === 0 ? true : args[0]) as AttributeValues[N];
    encodeAttributeValue(name, value, this); // validates now, so encode() cannot fail on this value later
    this.list.push({ name, type: ATTRIBUTE_CODE[name], value } as KnownAttribute);
    return this;
  }

  /**
   * Appends an attribute as raw value bytes, for unknown types or deliberately malformed test messages. A raw
   * attribute is invisible to `get` even if its type is known, and is written verbatim by `encode`.
   * @param type 16-bit attribute type
   * @param value value bytes without padding (copied), at most 65535
   */
  addRaw(type: number, value: Uint8Array): this {
    if (!Number.isInteger(type) || type < 0 || type > 0xffff) {
      throw new StunEncodeError(`attribute type must be 0..0xFFFF, got ${type}`, 'raw attribute');
    }
    if (!(value instanceof Uint8Array) || value.length > 0xffff) {
      throw new StunEncodeError('value must be a Uint8Array of at most 65535 bytes', 'raw attribute');
    }
    this.list.push({ name: undefined, type, value: Uint8Array.from(value) });
    return this;
  }

  /** Removes every attribute with this name; returns how many were removed. */
  remove(name: AttributeName): number {
    const before = this.list.length;
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].name === name) this.list.splice(i, 1);
    return before - this.list.length;
  }

  /**
   * A builder holding a copy of another message's header and attributes, minus the computed security trailer
   * (MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256, FINGERPRINT).
   */
  static from(source: StunMessageBase): StunMessage {
    const msg = new StunMessage(source.class, source.method, source.transactionId);
    for (const a of source.attributes) if (!isSecurityAttribute(a.name)) msg.list.push(a);
    return msg;
  }
}
