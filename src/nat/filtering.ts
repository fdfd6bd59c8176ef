/**
 * RFC 4787 §5 filtering of inbound packets, judged against what the inside has sent (docs/nat-model.md):
 * EIF admits anyone, ADF admits remote addresses sent to, APDF admits exact remote endpoints sent to.
 */
import { MAPPING_BEHAVIORS, MappingBehavior } from './nat-config';
import type { MappingRecord } from './nat-mapping';

/** A behaviour as a number for the hot path: 0 endpoint-independent, 1 address-dependent, 2 address-and-port. */
export type BehaviorLevel = 0 | 1 | 2;

/** The level of a mapping or filtering behaviour (RFC 4787 §4.1 / §5 order: least to most restrictive). */
export function behaviorLevel(b: MappingBehavior): BehaviorLevel {
  return MAPPING_BEHAVIORS.indexOf(b) as BehaviorLevel;
}

/** True when mapping `m`'s sent-to history admits a packet from remoteIp:remotePort under filtering `level`. */
export function mappingAdmits(level: BehaviorLevel, m: MappingRecord, remoteIp: number, remotePort: number): boolean {
  if (level === 0) return true;
  const key = remoteIp * 65536 + remotePort;
  // The remote it last sent to (a flow's usual answer) is in both sets: no Set lookup.
  if (key === m.lastSentKey) return true;
  if (level === 1) return m.sentToIps.has(remoteIp);
  return m.sentTo.has(key);
}
