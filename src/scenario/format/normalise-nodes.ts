/**
 * Reading each node kind under `topology` into a draft: interfaces are claimed at once (so duplicate addresses
 * are found in file order); gateways are settled later, when every node is known.
 */
import { DEFAULTS, NAT_PRESET_NAMES, NatPresetName, FirewallMode, TURN_TRANSPORTS, type TurnTransportName } from './constants';
import { AttachmentDraft, claimAddress, finishAttachment, readAttachment } from './normalise-attach';
import { at, isRaw, NodeInfo, NodeKind, NormaliseContext, Raw } from './normalise-context';
import { hasLinkKeys } from './normalise-link';
import { readFirewallSettings, readNatBehaviour } from './normalise-nat';
import { readNat64Prefix, readNatIpv6 } from './normalise-ipv6-settings';
import type { ConfigPath } from './source-map';
import type { AttachmentSpec, NetworkSpec, NodeSpec } from './spec-types';
import { parsePortRange } from './units';

/** A node read but not finished. */
export interface NodeDraft {
  readonly name: string;
  readonly kind: NodeKind;
  readonly path: ConfigPath;
  readonly interfaces: AttachmentDraft[];
  /** Networks where a default gateway is looked for ([] for routers). */
  readonly gatewayNetworks: string[];
  /** Builds the typed node once its gateway is known. */
  readonly finish: (gateway: string | null, nets: ReadonlyMap<string, NetworkSpec>) => NodeSpec;
}

/** Creates and registers a node's info. */
export function register(ctx: NormaliseContext, name: string, kind: NodeKind, path: ConfigPath, serverType?: string): NodeInfo & { name: string } {
  const info = { name, kind, serverType, addresses: new Map<string, string[]>(), path };
  ctx.nodes.set(name, info);
  return info;
}

/** Finishes drafts into typed interfaces. */
function finishAll(drafts: AttachmentDraft[], nets: ReadonlyMap<string, NetworkSpec>): AttachmentSpec[] {
  return drafts.map((d) => finishAttachment(d, nets));
}

/** `topology.hosts.<name>`. */
export function readHost(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const info = register(ctx, name, 'host', path);
  const interfaces: AttachmentDraft[] = [];
  const short = 'network' in obj || 'ip' in obj;
  if (short && 'interfaces' in obj) {
    ctx.error(at(path, 'interfaces'), `give either network + ip or interfaces, not both`, { part: 'key' });
  } else if (short) {
    for (const k of ['network', 'ip']) if (!(k in obj)) ctx.error(at(path, k), `missing required key '${k}' (network and ip go together)`, { part: 'key' });
    const a = readAttachment(ctx, info, obj, path, 'eth0');
    if (a) interfaces.push(a);
  } else if (Array.isArray(obj.interfaces)) {
    if (hasLinkKeys(obj)) ctx.error(path, `with interfaces, put link settings on each interface`, { part: 'key' });
    obj.interfaces.forEach((it, i) => {
      const a = isRaw(it) ? readAttachment(ctx, info, it, at(path, 'interfaces', i), `eth${i}`) : undefined;
      if (a) interfaces.push(a);
    });
  } else if (!('interfaces' in obj)) {
    ctx.error(path, `a host needs network + ip, or interfaces`, { part: 'key', expected: 'network and ip, or interfaces: [{ network, ip }]' });
  }
  const description = ctx.str(obj, 'description', '');
  const nat64Prefix = readNat64Prefix(ctx, obj, path);
  return {
    name,
    kind: 'host',
    path,
    interfaces,
    gatewayNetworks: interfaces.map((i) => i.network),
    finish: (gateway, nets) => ({
      kind: 'host', name, interfaces: finishAll(interfaces, nets), gateway, description, ...(nat64Prefix ? { nat64Prefix } : {}), source: ctx.source(path),
    }),
  };
}

/** `default` as a prefix: 0.0.0.0/0, or ::/0 when the next hop is IPv6. */
function defaultRoute(via: string): string {
  return via.includes(':') ? '::/0' : '0.0.0.0/0';
}

/** `topology.routers.<name>`; routes are checked later (see checkRoutes). */
export function readRouter(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const info = register(ctx, name, 'router', path);
  const interfaces: AttachmentDraft[] = [];
  if (Array.isArray(obj.interfaces)) {
    obj.interfaces.forEach((it, i) => {
      const a = isRaw(it) ? readAttachment(ctx, info, it, at(path, 'interfaces', i), `eth${i}`) : undefined;
      if (a) interfaces.push(a);
    });
  }
  const routes = Array.isArray(obj.routes) ? obj.routes : [];
  const description = ctx.str(obj, 'description', '');
  return {
    name,
    kind: 'router',
    path,
    interfaces,
    gatewayNetworks: [],
    finish: (_gw, nets) => ({
      kind: 'router',
      name,
      interfaces: finishAll(interfaces, nets),
      gateway: null,
      routes: routes.filter(isRaw).map((r) => ({ to: r.to === 'default' ? defaultRoute(String(r.via)) : String(r.to), via: String(r.via) })),
      description,
      source: ctx.source(path),
    }),
  };
}

/** Inside and outside interfaces of a NAT or firewall. */
export function readSides(ctx: NormaliseContext, info: NodeInfo & { name: string }, obj: Raw, path: ConfigPath): [AttachmentDraft?, AttachmentDraft?] {
  const inside = isRaw(obj.inside) ? readAttachment(ctx, info, obj.inside, at(path, 'inside'), 'inside') : undefined;
  const outside = isRaw(obj.outside) ? readAttachment(ctx, info, obj.outside, at(path, 'outside'), 'outside') : undefined;
  info.insideNetwork = inside?.network;
  return [inside, outside];
}

/** `topology.nats.<name>`. */
export function readNat(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const info = register(ctx, name, 'nat', path);
  const [inside, outside] = readSides(ctx, info, obj, path);
  const externalIps: string[] = [];
  if (outside && Array.isArray(obj.externalIps)) {
    obj.externalIps.forEach((ip, i) => {
      if (ip === outside.ip) externalIps.push(ip);
      else if (claimAddress(ctx, info, outside.network, ip, at(path, 'externalIps', i))) {
        externalIps.push(ip as string);
        outside.aliases.push(ip as string);
      }
    });
  } else if (outside) externalIps.push(outside.ip);
  const preset = ctx.str(obj, 'preset') as NatPresetName | undefined;
  const behaviour = readNatBehaviour(ctx, obj, path);
  const ipv6Firewall = readNatIpv6(ctx, obj, path, [inside, outside]);
  const description = ctx.str(obj, 'description', '');
  const interfaces = [inside, outside].filter((a): a is AttachmentDraft => a !== undefined);
  return {
    name,
    kind: 'nat',
    path,
    interfaces,
    gatewayNetworks: outside ? [outside.network] : [],
    finish: (gateway, nets) => {
      const [i, o] = [inside, outside].map((a) => (a ? finishAttachment(a, nets) : undefined));
      return {
        kind: 'nat',
        name,
        interfaces: [i, o].filter((a): a is AttachmentSpec => a !== undefined),
        inside: i!,
        outside: o!,
        gateway,
        preset: preset && (NAT_PRESET_NAMES as readonly string[]).includes(preset) ? preset : null,
        behaviour,
        externalIps,
        ...(ipv6Firewall !== undefined ? { ipv6Firewall } : {}),
        description,
        source: ctx.source(path),
      };
    },
  };
}

/** `topology.firewalls.<name>`. */
export function readFirewall(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const info = register(ctx, name, 'firewall', path);
  const [inside, outside] = readSides(ctx, info, obj, path);
  const settings = readFirewallSettings(ctx, obj, path);
  const mode: FirewallMode = settings.mode ?? 'block-unsolicited-inbound';
  const written = {
    ...(settings.timeout !== undefined ? { timeoutMs: settings.timeout } : {}),
    ...(settings.inboundRefresh !== undefined ? { inboundRefresh: settings.inboundRefresh } : {}),
    ...(settings.preset !== undefined ? { preset: settings.preset } : {}),
    ...(settings.tcpTimeout !== undefined ? { tcpTimeoutMs: settings.tcpTimeout } : {}),
    ...(settings.rules !== undefined ? { rules: settings.rules } : {}),
    ...(settings.defaultOutbound !== undefined ? { defaultOutbound: settings.defaultOutbound } : {}),
  };
  const description = ctx.str(obj, 'description', '');
  return {
    name,
    kind: 'firewall',
    path,
    interfaces: [inside, outside].filter((a): a is AttachmentDraft => a !== undefined),
    gatewayNetworks: outside ? [outside.network] : [],
    finish: (gateway, nets) => {
      const [i, o] = [inside, outside].map((a) => (a ? finishAttachment(a, nets) : undefined));
      const interfaces = [i, o].filter((a): a is AttachmentSpec => a !== undefined);
      return { kind: 'firewall', name, interfaces, inside: i!, outside: o!, gateway, mode, ...written, description, source: ctx.source(path) };
    },
  };
}

/** `topology.servers.<name>`. */
export function readServer(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): NodeDraft {
  const type: string = ctx.str(obj, 'type', 'stun');
  const info = register(ctx, name, 'server', path, type);
  const iface = readAttachment(ctx, info, obj, path, 'eth0');
  const interfaces = iface ? [iface] : [];
  const port = ctx.int(obj, 'port', type === 'turn' ? DEFAULTS.turnPort : DEFAULTS.stunPort);
  const description = ctx.str(obj, 'description', '');
  const base = { name, description, ip: iface?.ip ?? '0.0.0.0', port, source: ctx.source(path) };
  const draft = { name, kind: 'server' as const, path, interfaces, gatewayNetworks: interfaces.map((i) => i.network) };
  if (type === 'turn') {
    const turn = readTurnSettings(ctx, obj, path);
    return { ...draft, finish: (gateway, nets) => ({ kind: 'turn-server', ...base, ...turn, interfaces: finishAll(interfaces, nets), gateway }) };
  }
  let alternate: { ip: string; port: number } | null = null;
  if (isRaw(obj.alternate) && iface) {
    const altPort = ctx.int(obj.alternate, 'port', port + 1);
    if (altPort === port) ctx.error(at(path, 'alternate', 'port'), `the alternate port must differ from port ${port} (RFC 5780 change-port)`);
    if (claimAddress(ctx, info, iface.network, obj.alternate.ip, at(path, 'alternate', 'ip'))) {
      iface.aliases.push(obj.alternate.ip as string);
      alternate = { ip: obj.alternate.ip as string, port: altPort };
    }
  }
  return { ...draft, finish: (gateway, nets) => ({ kind: 'stun-server', ...base, alternate, interfaces: finishAll(interfaces, nets), gateway }) };
}

/** TURN-specific settings. */
function readTurnSettings(ctx: NormaliseContext, obj: Raw, path: ConfigPath) {
  const users: Record<string, string> = {};
  if (isRaw(obj.users)) for (const [u, p] of Object.entries(obj.users)) if (typeof p === 'string') users[u] = p;
  const authSecret = ctx.str(obj, 'authSecret') ?? null;
  if (Object.keys(users).length === 0 && authSecret === null) {
    ctx.error(path, `a TURN server needs users or an authSecret, or no client can authenticate`, { part: 'key', expected: 'users: { alice: secret }' });
  }
  const relayPorts = ctx.unit(obj, 'relayPorts', path, parsePortRange, { min: 49152, max: 65535 });
  if (relayPorts.min < 1024) ctx.error(at(path, 'relayPorts'), `relayed ports must not be below 1024 (RFC 8656 §7.2)`, { expected: '49152-65535' });
  const defaultLifetimeMs = ctx.duration(obj, 'defaultLifetime', path, DEFAULTS.turnDefaultLifetime);
  const maxLifetimeMs = ctx.duration(obj, 'maxLifetime', path, DEFAULTS.turnMaxLifetime);
  if (maxLifetimeMs < defaultLifetimeMs) ctx.error(at(path, 'maxLifetime'), `maxLifetime is shorter than defaultLifetime`);
  if (defaultLifetimeMs <= 0) ctx.error(at(path, 'defaultLifetime'), `defaultLifetime must be more than 0`);
  const realm = ctx.str(obj, 'realm', DEFAULTS.turnRealm);
  const transports = Array.isArray(obj.transports) ? (obj.transports.filter((t) => (TURN_TRANSPORTS as readonly unknown[]).includes(t)) as TurnTransportName[]) : ['udp' as const];
  if (!transports.includes('udp')) {
    ctx.error(at(path, 'transports'), 'a TURN server always serves UDP; list udp too (transports add tcp and tls beside it)', { expected: '[udp, tcp, tls]' });
  }
  const tlsPort = ctx.int(obj, 'tlsPort', 5349);
  const port = ctx.int(obj, 'port', DEFAULTS.turnPort);
  if (transports.includes('tls') && tlsPort === port && transports.includes('tcp')) {
    ctx.error(at(path, 'tlsPort'), `tlsPort ${tlsPort} is the TCP port too; TLS and plain TCP need different ports`, { expected: '5349 or 443' });
  }
  return { realm, users, authSecret, relayPorts, defaultLifetimeMs, maxLifetimeMs, transports, tlsPort };
}
