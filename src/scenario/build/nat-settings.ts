/**
 * NAT settings from the scenario format to the NAT layer's NatInit (RFC 4787 terms, src/nat/nat-config.ts). Only
 * the settings written are passed on, so presets and NAT defaults stay defined in one place (src/nat).
 */
import type { NatInit } from '../../nat/nat-config';
import { NAT_BEHAVIOUR_KEYS, natSettingText } from '../format/nat-setting-formats';
import type { NatBehaviourSpec, NatSpec } from '../format/spec-types';
import type { NatPresetName } from '../format/constants';

/** The written behaviour settings as a partial NatInit (they are NatInit values already). */
export function natBehaviourInit(b: NatBehaviourSpec): Partial<NatInit> {
  const out: Record<string, unknown> = {};
  for (const k of NAT_BEHAVIOUR_KEYS) if (b[k] !== undefined) out[k] = b[k];
  return out as Partial<NatInit>;
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
  for (const k of NAT_BEHAVIOUR_KEYS) cleared[k] = undefined;
  return { ...cleared, preset, ...written };
}

/** A short description of a NAT for reports: `port-restricted-cone, mappingTimeout 30s`. */
export function natDetail(nat: NatSpec): string {
  const parts: string[] = [nat.preset ?? 'custom'];
  for (const k of NAT_BEHAVIOUR_KEYS) {
    const v = nat.behaviour[k];
    if (v !== undefined) parts.push(`${k} ${natSettingText(k, v)}`);
  }
  return parts.join(', ');
}
