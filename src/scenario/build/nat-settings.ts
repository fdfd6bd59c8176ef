/**
 * NAT settings from the scenario format to the NAT layer's NatInit (RFC 4787 terms, src/nat/nat-config.ts). Only
 * the settings written are passed on, so presets and NAT defaults stay defined in one place (src/nat).
 */
import type { NatInit } from '../../nat/nat-config';
import type { NatBehaviourSpec, NatSpec } from '../format/spec-types';
import type { NatPresetName } from '../format/constants';

/** Every behaviour key a preset may set, so switching preset can clear them. */
const BEHAVIOUR_INIT_KEYS = [
  'mapping', 'filtering', 'portAssignment', 'portRange', 'parity', 'pooling', 'mappingTimeout', 'inboundRefresh', 'hairpinning',
  'unsolicitedIcmp',
] as const satisfies readonly (keyof NatInit)[];

/** The written behaviour settings as a partial NatInit. */
export function natBehaviourInit(b: NatBehaviourSpec): Partial<NatInit> {
  const out: { -readonly [K in keyof NatInit]?: NatInit[K] } = {};
  if (b.mapping !== undefined) out.mapping = b.mapping;
  if (b.filtering !== undefined) out.filtering = b.filtering;
  if (b.portAssignment !== undefined) out.portAssignment = b.portAssignment;
  if (b.portRange !== undefined) out.portRange = [b.portRange.min, b.portRange.max];
  if (b.parity !== undefined) out.parity = b.parity;
  if (b.pooling !== undefined) out.pooling = b.pooling;
  if (b.mappingTimeoutMs !== undefined) out.mappingTimeout = b.mappingTimeoutMs;
  if (b.inboundRefresh !== undefined) out.inboundRefresh = b.inboundRefresh;
  if (b.hairpinning !== undefined) out.hairpinning = b.hairpinning;
  if (b.unsolicitedIcmp !== undefined) out.unsolicitedIcmp = b.unsolicitedIcmp;
  return out;
}

/** A NAT's initial settings: its preset, the written settings and (when not just its outside address) its pool. */
export function natInitFromSpec(nat: NatSpec): NatInit {
  const pool = nat.externalIps.length === 1 && nat.externalIps[0] === nat.outside.ip ? {} : { externalIps: [...nat.externalIps] };
  return { ...(nat.preset ? { preset: nat.preset } : {}), ...natBehaviourInit(nat.behaviour), ...pool };
}

/**
 * The patch for a `setNat` action. With a preset, every behaviour setting not written in the action is cleared,
 * so the new preset applies in full (the NAT's external addresses are kept).
 */
export function setNatPatch(preset: NatPresetName | null, behaviour: NatBehaviourSpec): Partial<NatInit> {
  const written = natBehaviourInit(behaviour);
  if (preset === null) return written;
  const cleared: Record<string, undefined> = {};
  for (const k of BEHAVIOUR_INIT_KEYS) cleared[k] = undefined;
  return { ...cleared, preset, ...written };
}

/** A short description of a NAT for reports: `port-restricted-cone, mappingTimeout 30s`. */
export function natDetail(nat: NatSpec): string {
  const parts: string[] = [nat.preset ?? 'custom'];
  for (const [k, v] of Object.entries(nat.behaviour)) {
    if (v === undefined) continue;
    if (k === 'mappingTimeoutMs') parts.push(`mappingTimeout ${Number(v) / 1000}s`);
    else if (k === 'portRange') parts.push(`ports ${(v as { min: number }).min}-${(v as { max: number }).max}`);
    else parts.push(`${k} ${String(v)}`);
  }
  return parts.join(', ');
}
