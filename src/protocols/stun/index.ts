/**
 * Pure STUN codec (RFC 8489) with the RFC 5780, RFC 8656 (TURN), RFC 6062 and RFC 8445 (ICE) attributes:
 * message model and builder, encode/decode, MESSAGE-INTEGRITY(-SHA256), FINGERPRINT, credential keys, demux.
 * No sockets, no timers, no randomness of its own.
 */
export * from './constants';
export * from './errors';
export * from './message-type';
export type { StunAddress, StunAddressFamily } from './address-codec';
export { StunErrorCode, defaultReason, errorCode } from './error-code';
export type { ErrorCodeValue, AddressErrorCodeValue } from './error-code';
export type { ChangeRequestValue, EvenPortValue, IcmpValue, PasswordAlgorithmValue } from './structured-codecs';
export { ATTRIBUTE_CODE, attributeName, isComprehensionRequired } from './attribute-table';
export type {
  AttributeName,
  AttributeValues,
  AddableAttributeName,
  SecurityAttributeName,
  FlagAttributeName,
} from './attribute-table';
export { StunMessageBase, StunMessage } from './message';
export type { StunAttribute, KnownAttribute, RawAttribute, AddValueArgs } from './message';
export { DecodedStunMessage } from './decoded-message';
export type { DecodedAttribute, AttributeLocation } from './decoded-message';
export { encode } from './encode';
export type { EncodeInit, IntegrityInit } from './encode';
export { decode } from './decode';
export type { StunDecodeResult, StunDecodeError, StunDecodeErrorCode, StunHeaderInfo } from './decode';
export { verifyIntegrity, computeIntegrity } from './integrity';
export type { IntegrityAlgorithm } from './integrity';
export { verifyFingerprint, computeFingerprint } from './fingerprint';
export { shortTermKey, longTermKey, userHash, prepareCredential } from './keys';
export type { LongTermAlgorithm } from './keys';
export { isStunMessage, stunMessageLength } from './demux';
export { newTransactionId, transactionIdHex, sameTransactionId } from './transaction-id';
export type { RandomBytesSource } from './transaction-id';
export { describeMessage, describeAttributeValue } from './describe';
