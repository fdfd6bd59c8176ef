/**
 * Interfaces: a node's attachment to a network. Checks the network exists, the address is a usable host
 * address inside its CIDR and not taken by another member, and registers it for later reference checks.
 */
import { checkHostAddress, familyOf, parseIp } from './ipv4';
import { DEFAULT_LINK, applyLinkPatch, readLinkPatch } from './normalise-link';
import { at, NodeInfo, NormaliseContext, Raw } from './normalise-context';
import type { ConfigPath } from './source-map';
import type { AttachmentSpec, NetworkSpec } from './spec-types';

/** Interface being built; aliases are added while reading a node. */
export interface AttachmentDraft {
  readonly network: string;
  readonly ip: string;
  /** Further addresses of this interface (a list under `ip`), either family. */
  readonly more: string[];
  readonly aliases: string[];
  readonly ifname: string;
  readonly linkOverrides: AttachmentSpec['linkOverrides'];
  readonly path: ConfigPath;
}

/**
 * Claims an address on a network for a node: checks syntax, CIDR, network/broadcast address and uniqueness.
 * Returns false when it is not usable (already reported).
 */
export function claimAddress(ctx: NormaliseContext, node: NodeInfo & { name: string }, network: string, ip: unknown, path: ConfigPath): boolean {
  const net = ctx.networks.get(network);
  const parsed = parseIp(ip);
  if (!parsed.ok) {
    ctx.error(path, parsed.error);
    return false;
  }
  if (!net?.cidr) return false;
  const text = ip as string;
  const family = familyOf(parsed.value);
  const prefix = net.prefixes.find((p) => p.family === family);
  if (!prefix) {
    if (net.incomplete) return false; // its prefix of this family was reported already
    ctx.error(path, `${text} is an IPv${family} address, but network '${network}' has no IPv${family} prefix (${net.prefixes.map((p) => p.text).join(', ')})`, {
      expected: `an address inside ${net.prefixes.map((p) => p.text).join(' or ')}`,
    });
    return false;
  }
  const bad = checkHostAddress(prefix, parsed.value, text);
  if (bad) {
    ctx.error(path, bad);
    return false;
  }
  const owner = net.members.get(parsed.value);
  if (owner) {
    const who = owner.node === node.name ? 'this node' : `'${owner.node}'`;
    ctx.error(path, `${text} is already used on network '${network}' by ${who}`, { expected: 'an address no other member of the network has' });
    return false;
  }
  net.members.set(parsed.value, { node: node.name, path });
  const list = node.addresses.get(network) ?? [];
  list.push(text);
  node.addresses.set(network, list);
  return true;
}

/** Reads `{ network, ip, ...link overrides }` (the object may also be a host or server with those keys). */
export function readAttachment(
  ctx: NormaliseContext,
  node: NodeInfo & { name: string },
  obj: Raw,
  path: ConfigPath,
  ifname: string,
): AttachmentDraft | undefined {
  const network = ctx.str(obj, 'network');
  const ips = Array.isArray(obj.ip) ? obj.ip.filter((x): x is string => typeof x === 'string') : undefined;
  const ip = ips ? ips[0] : ctx.str(obj, 'ip');
  const linkOverrides = readLinkPatch(ctx, obj, path);
  if (!ctx.reference(network, ctx.networks.keys(), 'network', at(path, 'network'))) return undefined;
  if (node.addresses.has(network)) {
    ctx.error(at(path, 'network'), `'${node.name}' already has an interface on network '${network}'`, {
      expected: 'one interface per network',
    });
    return undefined;
  }
  const ipPath = ips ? at(path, 'ip', 0) : at(path, 'ip');
  if (ip === undefined || !claimAddress(ctx, node, network, ip, ipPath)) return undefined;
  const more: string[] = [];
  (ips ?? []).slice(1).forEach((extra, i) => {
    if (claimAddress(ctx, node, network, extra, at(path, 'ip', i + 1))) more.push(extra);
  });
  return { network, ip, more, aliases: [], ifname, linkOverrides, path };
}

/** Freezes a draft into the typed interface, merging the network's link defaults. */
export function finishAttachment(draft: AttachmentDraft, networks: ReadonlyMap<string, NetworkSpec>): AttachmentSpec {
  const base = networks.get(draft.network)?.link ?? DEFAULT_LINK;
  return {
    network: draft.network,
    ip: draft.ip,
    ...(draft.more.length ? { moreIps: [...draft.more] } : {}),
    aliases: [...draft.aliases],
    ifname: draft.ifname,
    link: applyLinkPatch(base, draft.linkOverrides),
    linkOverrides: draft.linkOverrides,
  };
}
