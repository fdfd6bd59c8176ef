/**
 * What timeline entries do, as library calls on a built world: change a link, reboot or reconfigure a NAT, put a
 * host to sleep or wake it, move a host to another network, send datagrams, start or stop agents.
 */
import type { NatNode } from '../../nat/nat-node';
import type { Host } from '../../net/host';
import type { World } from '../../net/world';
import type { LinkPropsPatch, NatBehaviourSpec, TimelineAction } from '../format/spec-types';
import type { NatPresetName } from '../format/constants';
import { ScenarioRuntimeError } from '../build/errors';
import { initialNetLinkProps } from '../build/link-convert';
import type { LinkRegistry } from '../build/link-registry';
import { setNatPatch } from '../build/nat-settings';
import type { ScenarioAgent } from '../agents/scenario-agent';
import { TrafficAgent } from '../agents/traffic-agent';

/** Where a host moves (RFC-free: like walking from Wi-Fi to mobile data). */
export interface MoveInit {
  /** The network the host leaves (one of its interfaces' networks). */
  from: string;
  /** The network it joins. */
  network: string;
  /** Its new address there. */
  ip: string;
  /** New default gateway. @default none */
  gateway?: string | null;
}

/**
 * Moves one interface of `host` from `init.from` to `init.network` with a new address; the interface keeps its
 * name, takes the new network's current link properties, and sockets bound to any address keep working (their
 * packets now leave from the new address).
 */
export function moveHost(world: World, links: LinkRegistry, host: Host, init: MoveInit): void {
  const old = host.ifaces.find((i) => i.segment.name === init.from);
  if (!old) throw new ScenarioRuntimeError(`move: host '${host.name}' has no interface on network '${init.from}'`);
  const props = links.networkDefaults(init.network);
  links.removeIface(old);
  host.detach(old);
  const iface = host.attach(world.getNetwork(init.network), init.ip, { ifname: old.name, link: initialNetLinkProps(props) });
  links.addIface(iface, props);
  if (init.gateway) host.setDefaultGateway(init.gateway);
}

/** Reboots a NAT: flushes every mapping, optionally coming back on a new external address. */
export function rebootNat(nat: NatNode, externalIp?: string | null): void {
  nat.reboot(externalIp ? [externalIp] : undefined);
}

/** Changes a NAT's behaviour from now on (a preset replaces every behaviour setting not given with it). */
export function setNatBehaviour(nat: NatNode, preset: NatPresetName | null, behaviour: NatBehaviourSpec): void {
  nat.reconfigure(setNatPatch(preset, behaviour));
}

/** Changes link properties: what `node` sends onto `network`, or what every member sends when node is null. */
export function setLink(links: LinkRegistry, network: string, node: string | null, patch: LinkPropsPatch): void {
  links.patch(network, node, patch);
}

/** What an action needs from the running scenario. */
export interface ActionContext {
  readonly world: World;
  readonly links: LinkRegistry;
  /** key: NAT name. */
  readonly nats: ReadonlyMap<string, NatNode>;
  /** key: host or server name. */
  readonly hosts: ReadonlyMap<string, Host>;
  /** key: agent name. */
  readonly agents: ReadonlyMap<string, ScenarioAgent>;
}

function lookup<T>(map: ReadonlyMap<string, T>, name: string, what: string): T {
  const v = map.get(name);
  if (v === undefined) throw new ScenarioRuntimeError(`unknown ${what} '${name}' (known: ${[...map.keys()].join(', ') || 'none'})`);
  return v;
}

/**
 * Performs one timeline action. `label` names the one-off traffic source of a `send` (its agent name in the
 * trace). Throws ScenarioRuntimeError for names the context does not know.
 */
export function applyAction(ctx: ActionContext, action: TimelineAction, label = 'send'): void {
  switch (action.kind) {
    case 'start':
      for (const a of action.agents) lookup(ctx.agents, a, 'agent').start();
      return;
    case 'stop':
      for (const a of action.agents) lookup(ctx.agents, a, 'agent').stop();
      return;
    case 'sleep':
      for (const h of action.hosts) lookup(ctx.hosts, h, 'host').sleep();
      return;
    case 'wake':
      for (const h of action.hosts) lookup(ctx.hosts, h, 'host').wake();
      return;
    case 'send':
      new TrafficAgent(label, lookup(ctx.hosts, action.host, 'host'), {
        toIp: action.to.ip, toPort: action.to.port, count: action.count, size: action.sizeBytes, everyMs: action.everyMs, port: action.port,
      }).start();
      return;
    case 'set-link':
      return setLink(ctx.links, action.network, action.node, action.patch);
    case 'reboot-nat':
      return rebootNat(lookup(ctx.nats, action.nat, 'NAT'), action.externalIp);
    case 'set-nat':
      return setNatBehaviour(lookup(ctx.nats, action.nat, 'NAT'), action.preset, action.behaviour);
    case 'move':
      return moveHost(ctx.world, ctx.links, lookup(ctx.hosts, action.host, 'host'), {
        from: action.fromNetwork, network: action.network, ip: action.ip, gateway: action.gateway,
      });
  }
}

/**
 * The key a scenario file uses for a typed-model key (`latencyMs` -> `latency`, `bandwidthBps` -> `bandwidth`,
 * `queuePackets` -> `queue`), so action texts name what the user wrote. (Fix: the texts used to show `latencyMs`.)
 */
function fileKeys(obj: object): string {
  return Object.keys(obj).map((k) => k.replace(/(?:Ms|Bps|Packets)$/u, '')).join(', ');
}

/** The keys a setLink changes, with `up` said as `up` or `down` (its value, not its name). */
function linkChangeText(patch: LinkPropsPatch): string {
  const { up, ...rest } = patch;
  return [...(up === undefined ? [] : [up ? 'up' : 'down']), ...(Object.keys(rest).length ? [fileKeys(rest)] : [])].join(', ');
}

/** A short text for an action, for the trace and reports: `rebootNat alice-nat -> 203.0.113.11`. */
export function describeAction(action: TimelineAction): string {
  switch (action.kind) {
    case 'start':
    case 'stop':
      return `${action.kind} ${action.agents.join(', ')}`;
    case 'sleep':
    case 'wake':
      return `${action.kind} ${action.hosts.join(', ')}`;
    case 'send':
      return `send ${action.count} x ${action.sizeBytes} bytes from ${action.host} to ${action.to.ip.includes(':') ? `[${action.to.ip}]` : action.to.ip}:${action.to.port}`;
    case 'set-link':
      return `setLink ${action.network}${action.node ? ` (${action.node})` : ''} ${linkChangeText(action.patch)}`;
    case 'reboot-nat':
      return `rebootNat ${action.nat}${action.externalIp ? ` -> ${action.externalIp}` : ''}`;
    case 'set-nat':
      return `setNat ${action.nat}${action.preset ? ` preset ${action.preset}` : ''} ${fileKeys(action.behaviour)}`.trim();
    case 'move':
      return `move ${action.host} from ${action.fromNetwork} to ${action.network} as ${action.ip}`;
  }
}
