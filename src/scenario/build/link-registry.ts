/**
 * The link properties of every interface in a built world, kept in the scenario format's terms, so run-time
 * changes (`setLink`) compose: each change patches the current properties and reconfigures the channel.
 */
import type { Iface } from '../../net/iface';
import type { LinkProps, LinkPropsPatch } from '../format/spec-types';
import { netLinkProps, patchLinkProps } from './link-convert';
import { ScenarioRuntimeError } from './errors';

/** One interface's outbound direction. */
interface Entry {
  readonly iface: Iface;
  props: LinkProps;
}

/** Link properties by network and member. */
export class LinkRegistry {
  /** key: network name; value: its current default properties (for members that join later). */
  private readonly defaults = new Map<string, LinkProps>();
  /** key: network name; value: its members' entries in attach order. */
  private readonly members = new Map<string, Entry[]>();

  /** Records a network's default properties. */
  addNetwork(name: string, props: LinkProps): void {
    this.defaults.set(name, props);
    this.members.set(name, []);
  }

  /** Records an interface with its effective properties. */
  addIface(iface: Iface, props: LinkProps): void {
    this.members.get(iface.segment.name)?.push({ iface, props });
  }

  /** Forgets an interface (a host moved away). */
  removeIface(iface: Iface): void {
    const list = this.members.get(iface.segment.name);
    const i = list?.findIndex((e) => e.iface === iface) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  /** The current default properties of a network. */
  networkDefaults(network: string): LinkProps {
    const d = this.defaults.get(network);
    if (!d) throw new ScenarioRuntimeError(`unknown network '${network}'`);
    return d;
  }

  /** The current properties of a node's interface on a network, if it has one. */
  propsOf(network: string, node: string): LinkProps | undefined {
    return this.members.get(network)?.find((e) => e.iface.node.name === node)?.props;
  }

  /**
   * Applies a change to what `node` sends onto `network`, or, without a node, to every member and to the network's
   * defaults. Returns the number of interfaces changed.
   */
  patch(network: string, node: string | null, patch: LinkPropsPatch): number {
    const list = this.members.get(network);
    if (!list) throw new ScenarioRuntimeError(`setLink: unknown network '${network}'`);
    if (node === null) this.defaults.set(network, patchLinkProps(this.networkDefaults(network), patch));
    let changed = 0;
    for (const e of list) {
      if (node !== null && e.iface.node.name !== node) continue;
      e.props = patchLinkProps(e.props, patch);
      e.iface.channel.configure(netLinkProps(e.props));
      changed++;
    }
    if (node !== null && changed === 0) {
      throw new ScenarioRuntimeError(`setLink: '${node}' has no interface on network '${network}'`);
    }
    return changed;
  }
}
