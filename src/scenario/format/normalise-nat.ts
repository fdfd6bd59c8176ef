/**
 * NAT behaviour settings (RFC 4787), shared by NATs and the `setNat` timeline action. Only the keys written are
 * returned: the rest come from the preset or the NAT layer's defaults.
 */
import type { FilteringBehaviour, MappingBehaviour, Pooling, PortAssignment } from './constants';
import { at, NormaliseContext, Raw } from './normalise-context';
import type { UnsolicitedIcmp } from '../../nat/nat-config';
import type { ConfigPath } from './source-map';
import type { NatBehaviourSpec } from './spec-types';
import { parsePortRange } from './units';

/** Reads the behaviour keys present in `obj`. */
export function readNatBehaviour(ctx: NormaliseContext, obj: Raw, path: ConfigPath): NatBehaviourSpec {
  const b: { -readonly [K in keyof NatBehaviourSpec]: NatBehaviourSpec[K] } = {};
  if (typeof obj.mapping === 'string') b.mapping = obj.mapping as MappingBehaviour;
  if (typeof obj.filtering === 'string') b.filtering = obj.filtering as FilteringBehaviour;
  if (typeof obj.portAssignment === 'string') b.portAssignment = obj.portAssignment as PortAssignment;
  if (typeof obj.pooling === 'string') b.pooling = obj.pooling as Pooling;
  if (typeof obj.parity === 'boolean') b.parity = obj.parity;
  if (typeof obj.inboundRefresh === 'boolean') b.inboundRefresh = obj.inboundRefresh;
  if (typeof obj.hairpinning === 'boolean') b.hairpinning = obj.hairpinning;
  if (typeof obj.unsolicitedIcmp === 'string') b.unsolicitedIcmp = obj.unsolicitedIcmp as UnsolicitedIcmp;
  if ('portRange' in obj) b.portRange = ctx.unit(obj, 'portRange', path, parsePortRange, { min: 1, max: 65535 });
  if ('mappingTimeout' in obj) {
    b.mappingTimeoutMs = ctx.duration(obj, 'mappingTimeout', path, NaN);
    if (b.mappingTimeoutMs === 0) ctx.error(at(path, 'mappingTimeout'), `a mapping timeout must be more than 0`, { expected: 'a duration like 2m' });
  }
  return b;
}
