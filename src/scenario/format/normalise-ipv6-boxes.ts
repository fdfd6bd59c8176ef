/**
 * Reading the IPv6 middleboxes under `topology` (docs/nat64.md): `ipv6Firewalls` (RFC 6092), `nat64s` (RFC 6146)
 * and `nptv6s` (RFC 6296), and a NAT's `ipv6Firewall` block (a dual-stack home router). The settings tables are
 * nat-setting-formats.ts; what they mean is checked by the NAT layer's own validators, and their errors are put at
 * the setting's place in the file. A NAT's `ipv6Firewall` block is read in normalise-ipv6-settings.ts.
 */
import { resolveNat64Config } from '../../nat/nat64-config';
import { Nptv6Translator } from '../../nat/nptv6';
import type { Nat64Init } from '../../nat/nat64-config';
import type { Nptv6Init } from '../../nat/nptv6';
import { AttachmentDraft, claimAddress, finishAttachment } from './normalise-attach';
import { at, NodeKind, NormaliseContext, Raw } from './normalise-context';
import { checkWithNatLayer, needFamily, readIpv6FirewallSettings } from './normalise-ipv6-settings';
import { readSettings } from './normalise-nat';
import { NodeDraft, readSides, register } from './normalise-nodes';
import { NAT64_SETTING_FORMATS, NAT64_SETTING_KEYS, NPTV6_SETTING_FORMATS, NPTV6_SETTING_KEYS } from './nat-setting-formats';
import type { ConfigPath } from './source-map';
import type { AttachmentSpec, NetworkSpec, NodeSpec } from './spec-types';

/** A box with an inside and an outside: the shared draft. */
function boxDraft<S>(
  ctx: NormaliseContext, kind: NodeKind & NodeSpec['kind'], name: string, path: ConfigPath, sides: [AttachmentDraft?, AttachmentDraft?],
  settings: S,
): NodeDraft {
  const [inside, outside] = sides;
  return {
    name,
    kind,
    path,
    interfaces: [inside, outside].filter((a): a is AttachmentDraft => a !== undefined),
    gatewayNetworks: outside ? [outside.network] : [],
    finish: (gateway, nets: ReadonlyMap<string, NetworkSpec>) => {
      const [i, o] = [inside, outside].map((a) => (a ? finishAttachment(a, nets) : undefined));
      const interfaces = [i, o].filter((a): a is AttachmentSpec => a !== undefined);
      return { kind, name, interfaces, inside: i!, outside: o!, gateway, settings, description: '', source: ctx.source(path) } as NodeSpec;
    },
  };
}

/** `topology.ipv6Firewalls.<name>`. */
export function readIpv6Firewall(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const info = register(ctx, name, 'ipv6-firewall', path);
  const sides = readSides(ctx, info, obj, path);
  const draft = boxDraft(ctx, 'ipv6-firewall', name, path, sides, readIpv6FirewallSettings(ctx, obj, path));
  return withDescription(ctx, draft, obj);
}

/** `topology.nat64s.<name>`: IPv6 inside, IPv4 outside, the pool on the outside network. */
export function readNat64(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const info = register(ctx, name, 'nat64', path);
  const sides = readSides(ctx, info, obj, path);
  const [inside, outside] = sides;
  needFamily(ctx, inside, 6, at(path, 'inside'), 'the inside of a NAT64 (RFC 6146: IPv6 clients)');
  needFamily(ctx, outside, 4, at(path, 'outside'), 'the outside of a NAT64 (RFC 6146: the IPv4 side)');
  const settings = readSettings(ctx, obj, path, NAT64_SETTING_KEYS, NAT64_SETTING_FORMATS) as Nat64Init;
  checkWithNatLayer(ctx, path, (root) => resolveNat64Config(settings, root));
  if (outside && Array.isArray(settings.pool)) {
    settings.pool.forEach((ip, i) => {
      if (ip !== outside.ip && !outside.more.includes(ip) && claimAddress(ctx, info, outside.network, ip, at(path, 'pool', i))) outside.aliases.push(ip);
    });
  }
  return withDescription(ctx, boxDraft(ctx, 'nat64', name, path, sides, settings), obj);
}

/** `topology.nptv6s.<name>`. */
export function readNptv6(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const info = register(ctx, name, 'nptv6', path);
  const sides = readSides(ctx, info, obj, path);
  needFamily(ctx, sides[0], 6, at(path, 'inside'), 'the inside of an NPTv6 translator');
  needFamily(ctx, sides[1], 6, at(path, 'outside'), 'the outside of an NPTv6 translator');
  const settings = readSettings(ctx, obj, path, NPTV6_SETTING_KEYS, NPTV6_SETTING_FORMATS) as unknown as Nptv6Init;
  if (typeof settings.insidePrefix === 'string' && typeof settings.outsidePrefix === 'string') {
    checkWithNatLayer(ctx, path, (root) => void new Nptv6Translator(settings, root));
  }
  return withDescription(ctx, boxDraft(ctx, 'nptv6', name, path, sides, settings), obj);
}

/** The draft with the node's `description`. */
function withDescription(ctx: NormaliseContext, draft: NodeDraft, obj: Raw): NodeDraft {
  const description = ctx.str(obj, 'description', '') ?? '';
  return { ...draft, finish: (gw, nets) => ({ ...draft.finish(gw, nets), description }) };
}

