/**
 * Interfaces: a node's attachment to a network. Checks the network exists, the address is a usable host
 * address inside its CIDR and not taken by another member, and registers it for later reference checks.
 */
import { checkHostAddress, parseIpv4 } from './ipv4';
import { DEFAULT_LINK, applyLinkPatch, readLinkPatch } from './normalise-link';
import { at, NodeInfo, NormaliseContext, Raw } from './normalise-context';
import type { ConfigPath } from './source-map';
import type { AttachmentSpec, NetworkSpec } from './spec-types';

/** Interface being built; aliases are added while reading a node. */
export interface AttachmentDraft {
  readonly network: string;
  readonly ip: string;
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
  const parsed = parseIpv4(ip);
  if (!parsed.ok) {
    ctx.error(path, parsed.error);
    return false;
  }
  if (!net?.cidr) return false;
  const text = ip as string;
  const bad = checkHostAddress(net.cidr, parsed.value, text);
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
  const ip = ctx.str(obj, 'ip');
  const linkOverrides = readLinkPatch(ctx, obj, path);
  if (!ctx.reference(network, ctx.networks.keys(), 'network', at(path, 'network'))) return undefined;
  if (node.addresses.has(network)) {
    ctx.error(at(path, 'network'), `'${node.name}' already has an interface on network '${network}'`, {
      expected: 'one interface per network',
    });
    return undefined;
  }
  if (ip === undefined || !claimAddress(ctx, node, network, ip, at(path, 'ip'))) return undefined;
  return { network, ip, aliases: [], ifname, linkOverrides, path };
}

/** Freezes a draft into the typed interface, merging the network's link defaults. */
export function finishAttachment(draft: AttachmentDraft, networks: ReadonlyMap<string, NetworkSpec>): AttachmentSpec {
  const base = networks.get(draft.network)?.link ?? DEFAULT_LINK;
  return {
    network: draft.network,
    ip: draft.ip,
    aliases: [...draft.aliases],
    ifname: draft.ifname,
    link: applyLinkPatch(base, draft.linkOverrides),
    linkOverrides: draft.linkOverrides,
  };
}
