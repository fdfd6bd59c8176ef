/**
 * IPv6 settings shared by the IPv6 middleboxes' readers and the NAT reader: a NAT-layer validator's errors placed
 * in the file, the address families an interface needs, and the RFC 6092 firewall settings (a dual-stack NAT's
 * `ipv6Firewall` block, or an `ipv6Firewalls` node's keys).
 */
import { NatConfigError } from '../../nat/nat-errors';
import { Ipv6FirewallInit, resolveIpv6FirewallConfig } from '../../nat/ipv6-firewall-config';
import { NAT64_PREFIX_VALID, Nat64Prefix } from '../../net/nat64-prefix';
import { familyOf, parseIp } from './ipv4';
import type { AttachmentDraft } from './normalise-attach';
import { at, isRaw, NormaliseContext, Raw } from './normalise-context';
import { readSettings } from './normalise-nat';
import { IPV6_FIREWALL_SETTING_FORMATS, IPV6_FIREWALL_SETTING_KEYS } from './nat-setting-formats';
import type { ConfigPath } from './source-map';

/** Root of the config paths handed to the NAT layer, replaced by the node's path in errors. */
const ROOT = '\u0000';

/** Runs a NAT-layer validator; a NatConfigError becomes an issue at the setting's place under `path`. */
export function checkWithNatLayer(ctx: NormaliseContext, path: ConfigPath, validate: (root: string) => void): void {
  try {
    validate(ROOT);
  } catch (e) {
    if (!(e instanceof NatConfigError)) throw e;
    const rest = e.path.slice(ROOT.length).split(/\.|\[(\d+)\]/u).filter((x) => x !== undefined && x !== '');
    const segs = rest.map((x) => (/^\d+$/u.test(x) ? Number(x) : x));
    ctx.error(at(path, ...segs), e.problem, { expected: e.valid });
  }
}

/** True when the attachment has an address of `family`. */
export function hasFamily(a: AttachmentDraft | undefined, family: 4 | 6): boolean {
  return a !== undefined && [a.ip, ...a.more].some((ip) => {
    const v = parseIp(ip);
    return v.ok && familyOf(v.value) === family;
  });
}

/** Reports a side without an address of the family it needs. */
export function needFamily(ctx: NormaliseContext, a: AttachmentDraft | undefined, family: 4 | 6, path: ConfigPath, what: string): void {
  if (a !== undefined && !hasFamily(a, family)) {
    ctx.error(at(path, 'ip'), `${what} needs an IPv${family} address`, { expected: family === 6 ? 'an IPv6 address like 2001:db8:1::1 (or a list with one)' : 'an IPv4 address like 192.0.2.1 (or a list with one)' });
  }
}

/** Reads an `ipv6Firewall` object (a dual-stack NAT's) or the settings beside a node's other keys. */
export function readIpv6FirewallSettings(ctx: NormaliseContext, obj: Raw, path: ConfigPath): Ipv6FirewallInit {
  const settings = readSettings(ctx, obj, path, IPV6_FIREWALL_SETTING_KEYS, IPV6_FIREWALL_SETTING_FORMATS) as Ipv6FirewallInit;
  checkWithNatLayer(ctx, path, (root) => resolveIpv6FirewallConfig(settings, root));
  return settings;
}

/** A NAT's IPv6 half: its `ipv6Firewall` block, or {} when the NAT has IPv6 addresses without one. */
export function readNatIpv6(ctx: NormaliseContext, obj: Raw, path: ConfigPath, sides: [AttachmentDraft?, AttachmentDraft?]): Ipv6FirewallInit | undefined {
  const [inside, outside] = sides;
  if (outside !== undefined && !hasFamily(outside, 4)) {
    ctx.error(at(path, 'outside', 'ip'), 'a NAT\'s outside needs an IPv4 address (the address it translates to)', { expected: 'an IPv4 address, plus an IPv6 one for a dual-stack router: [203.0.113.2, 2001:db8::2]' });
  } else if (outside !== undefined) {
    const first = parseIp(outside.ip);
    if (first.ok && familyOf(first.value) !== 4) ctx.error(at(path, 'outside', 'ip', 0), 'put the NAT\'s IPv4 address first (it is the primary, external address)');
  }
  if (isRaw(obj.ipv6Firewall)) return readIpv6FirewallSettings(ctx, obj.ipv6Firewall, at(path, 'ipv6Firewall'));
  return hasFamily(inside, 6) || hasFamily(outside, 6) ? {} : undefined;
}

/** A host's `nat64Prefix` (RFC 6052 §2.2), canonical; reported at the key when RFC 6052 does not allow it. */
export function readNat64Prefix(ctx: NormaliseContext, obj: Raw, path: ConfigPath): string | undefined {
  const text = obj.nat64Prefix;
  if (typeof text !== 'string') return undefined; // absent, or a type error the schema reports
  try {
    return Nat64Prefix.parse(text).toString();
  } catch (e) {
    ctx.error(at(path, 'nat64Prefix'), (e as Error).message.split('; valid: ')[0], { expected: NAT64_PREFIX_VALID });
    return undefined;
  }
}
