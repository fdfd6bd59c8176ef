/**
 * Public servers as library calls: a STUN Binding server (RFC 8489; RFC 5780 mode with a second address and port)
 * or a TURN server (RFC 8656) on a host of its own. The scenario builder uses these; TypeScript users call them
 * directly on a World.
 */
import { StunServer } from '../../agents/stun/stun-server';
import { TurnServer } from '../../agents/turn';
import type { Host } from '../../net/host';
import type { LinkProps } from '../../net/link-props';
import type { World } from '../../net/world';

/** Options of addStunServer. */
export interface StunServerSiteInit {
  /** Network the server is on. */
  network: string;
  /** Its (primary) address. */
  ip: string;
  /** @default 3478 (RFC 8489 §18.4) */
  port?: number;
  /**
   * RFC 5780 mode: a second address on the same network and a second port (default port + 1). The host gets a
   * second interface (eth1) for the address.
   * @default none (a basic Binding server)
   */
  alternate?: { ip: string; port?: number };
  /** Default gateway. @default none (on-link only: the usual case on the Internet segment) */
  gateway?: string;
  /** Overrides of the network's link properties for what the server sends. */
  link?: LinkProps;
}

/** A server and the host it runs on. */
export interface ServerSite<S> {
  readonly host: Host;
  readonly server: S;
}

/** Creates a host running a STUN server and starts the server (it binds at once, on virtual time). */
export function addStunServer(world: World, name: string, init: StunServerSiteInit): ServerSite<StunServer> {
  const ifaces = [{ network: init.network, ip: init.ip, link: init.link }];
  if (init.alternate) ifaces.push({ network: init.network, ip: init.alternate.ip, link: init.link });
  const host = world.host(name, { ifaces, gateway: init.gateway });
  const port = init.port ?? 3478;
  const server = new StunServer(host.env('stun-server'), init.alternate
    ? { addresses: [init.ip, init.alternate.ip], ports: [port, init.alternate.port ?? port + 1] }
    : { addresses: [init.ip], ports: [port] });
  server.start();
  return { host, server };
}

/** Options of addTurnServer. */
export interface TurnServerSiteInit {
  network: string;
  ip: string;
  /** @default 3478 (RFC 8656 §4) */
  port?: number;
  /** @default 'natsim' */
  realm?: string;
  /** key: user name, value: password (RFC 8489 §9.2 long-term credentials). @default {} */
  users?: Readonly<Record<string, string>>;
  /** TURN REST API shared secret. @default none */
  authSecret?: string;
  /** Relayed ports, inclusive. @default { min: 49152, max: 65535 } */
  relayPorts?: { min: number; max: number };
  /** Allocation lifetime when the client asks for none, ms (RFC 8656 §6: 10 min). @default 600000 */
  defaultLifetimeMs?: number;
  /** Longest allocation lifetime granted, ms. @default 3600000 */
  maxLifetimeMs?: number;
  /** Client transports besides UDP (RFC 8656 §3.1): 'tcp' on `port`, 'tls' (modelled) on tlsPort. @default ['udp'] */
  transports?: readonly ('udp' | 'tcp' | 'tls')[];
  /** TLS port. @default 5349 */
  tlsPort?: number;
  gateway?: string;
  link?: LinkProps;
}

/** Creates a host running a TURN server (which also answers STUN Binding) and starts it. */
export function addTurnServer(world: World, name: string, init: TurnServerSiteInit): ServerSite<TurnServer> {
  const host = world.host(name, { ifaces: [{ network: init.network, ip: init.ip, link: init.link }], gateway: init.gateway });
  const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.max(1, Math.round(ms / 1000)));
  const server = new TurnServer(host.env('turn-server'), {
    listenPort: init.port ?? 3478,
    realm: init.realm ?? 'natsim',
    users: init.users ?? {},
    ...(init.authSecret !== undefined ? { authSecret: init.authSecret } : {}),
    ...(init.relayPorts ? { relayPorts: { min: init.relayPorts.min, max: init.relayPorts.max } } : {}),
    lifetime: { defaultS: seconds(init.defaultLifetimeMs), maxS: seconds(init.maxLifetimeMs) },
    ...(init.transports?.includes('tcp') ? { tcp: true } : {}),
    ...(init.transports?.includes('tls') ? { tls: { port: init.tlsPort ?? 5349 } } : {}),
  });
  server.start();
  return { host, server };
}
