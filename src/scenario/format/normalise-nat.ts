/**
 * NAT behaviour settings (RFC 4787, RFC 6888), shared by NATs and the `setNat` timeline action. Only the keys
 * written are returned: the rest come from the preset or the NAT layer's defaults. Which keys exist and how each
 * is written comes from NAT_SETTING_FORMATS.
 */
import type { FirewallInit } from '../../nat/firewall-config';
import {
  FIREWALL_SETTING_FORMATS, FIREWALL_SETTING_KEYS, NAT_BEHAVIOUR_KEYS, NAT_SETTING_FORMATS, NatBehaviourSpec, NatSettingFormat,
} from './nat-setting-formats';
import { at, NormaliseContext, Raw } from './normalise-context';
import type { ConfigPath } from './source-map';
import { parsePortRange, PortRange } from './units';

/** Reads the behaviour keys present in `obj` (values of the wrong type are left to the schema's report). */
export function readNatBehaviour(ctx: NormaliseContext, obj: Raw, path: ConfigPath): NatBehaviourSpec {
  return readSettings(ctx, obj, path, NAT_BEHAVIOUR_KEYS, NAT_SETTING_FORMATS) as NatBehaviourSpec;
}

/** Reads a firewall's settings present in `obj` (FirewallInit values). */
export function readFirewallSettings(ctx: NormaliseContext, obj: Raw, path: ConfigPath): FirewallInit {
  return readSettings(ctx, obj, path, FIREWALL_SETTING_KEYS, FIREWALL_SETTING_FORMATS) as FirewallInit;
}

/** Reads the settings of `keys` present in `obj` as the NAT layer's values (wrong types are left to the schema). */
export function readSettings<K extends string>(
  ctx: NormaliseContext, obj: Raw, path: ConfigPath, keys: readonly K[], formats: { readonly [k in K]: NatSettingFormat },
): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    const f = formats[key];
    if (f.kind === 'enum' && typeof v === 'string') b[key] = v;
    else if (f.kind === 'boolean' && typeof v === 'boolean') b[key] = v;
    else if (f.kind === 'integer' && typeof v === 'number' && Number.isInteger(v)) b[key] = v;
    else if (f.kind === 'prefix' && typeof v === 'string') b[key] = v;
    else if (f.kind === 'ipv4-list' && Array.isArray(v) && v.every((x) => typeof x === 'string')) b[key] = [...v];
    else if (f.kind === 'firewall-rules' && Array.isArray(v)) b[key] = v;
    else if (f.kind === 'group' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      b[key] = readSettings(ctx, v as Raw, at(path, key), f.keys, f.formats);
    }
    else if (f.kind === 'port-range') {
      const r = ctx.unit<PortRange | undefined>(obj, key, path, parsePortRange, undefined);
      if (r) b[key] = [r.min, r.max];
    } else if (f.kind === 'duration') {
      const ms = ctx.duration(obj, key, path, NaN);
      if (ms === 0 && !f.zero) ctx.error(at(path, key), `${key} must be more than 0`, { expected: 'a duration like 2m' });
      else if (!Number.isNaN(ms)) b[key] = ms;
    }
  }
  return b;
}
