/**
 * STUN message type: 2-bit class interleaved with a 12-bit method (RFC 8489 §5, Figure 3):
 * bits `M11 M10 M9 M8 M7 C1 M6 M5 M4 C0 M3 M2 M1 M0`.
 */

/** RFC 8489 §5: the four message classes. */
export const StunClass = {
  Request: 'request',
  Indication: 'indication',
  Success: 'success',
  Error: 'error',
} as const;

/** A message class: 'request' (0b00), 'indication' (0b01), 'success' response (0b10), 'error' response (0b11). */
export type StunClass = (typeof StunClass)[keyof typeof StunClass];

/** Class -> the two class bits C1C0 (RFC 8489 §5). */
const CLASS_BITS: Readonly<Record<StunClass, number>> = { request: 0, indication: 1, success: 2, error: 3 };
/** Index = the two class bits C1C0. */
const CLASS_BY_BITS: readonly StunClass[] = ['request', 'indication', 'success', 'error'];

/**
 * Registered STUN methods (IANA "STUN Methods"): RFC 8489 Binding, RFC 8656 TURN methods, RFC 6062 TCP methods.
 * Methods are plain 12-bit numbers on the wire, so unregistered ones still decode.
 */
export const StunMethod = {
  /** RFC 8489 §3: request/response/indication. */
  Binding: 0x001,
  /** RFC 8656 §7: request/response. */
  Allocate: 0x003,
  /** RFC 8656 §8: request/response. */
  Refresh: 0x004,
  /** RFC 8656 §11.1: indication only. */
  Send: 0x006,
  /** RFC 8656 §11.3: indication only. */
  Data: 0x007,
  /** RFC 8656 §10: request/response. */
  CreatePermission: 0x008,
  /** RFC 8656 §12: request/response. */
  ChannelBind: 0x009,
  /** RFC 6062 §4.3: request/response. */
  Connect: 0x00a,
  /** RFC 6062 §4.4: request/response. */
  ConnectionBind: 0x00b,
  /** RFC 6062 §4.5: indication. */
  ConnectionAttempt: 0x00c,
} as const;

/** A 12-bit STUN method number (0x000..0xFFF); see {@link StunMethod} for the registered ones. */
export type StunMethodNumber = number;

/** The largest method number representable in the 12 method bits (RFC 8489 §5). */
export const MAX_METHOD = 0xfff;

/** Method number -> registered name, for traces. */
const METHOD_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(StunMethod).map(([k, v]) => [v, k]));

/** The registered name of a method ('Binding', 'Allocate', ...) or its hex form ('0x0ab') if unregistered. */
export function methodName(method: number): string {
  return METHOD_NAMES.get(method) ?? `0x${method.toString(16).padStart(3, '0')}`;
}

/**
 * Combines class and method into the 14-bit message type (RFC 8489 §5). The caller guarantees 0 <= method <= 0xFFF.
 * Example: Binding success = 0x0101, Allocate error = 0x0113.
 */
export function encodeMessageType(cls: StunClass, method: number): number {
  const c = CLASS_BITS[cls];
  return ((method & 0xf80) << 2) | ((method & 0x070) << 1) | (method & 0x00f) | ((c & 2) << 7) | ((c & 1) << 4);
}

/** Splits a 14-bit message type into class and method (RFC 8489 §5). Never fails: every 14-bit value is valid. */
export function decodeMessageType(type: number): { readonly class: StunClass; readonly method: number } {
  const method = ((type >> 2) & 0xf80) | ((type >> 1) & 0x070) | (type & 0x00f);
  const c = ((type >> 7) & 2) | ((type >> 4) & 1);
  return { class: CLASS_BY_BITS[c], method };
}
