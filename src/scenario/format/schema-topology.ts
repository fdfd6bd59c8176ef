/**
 * JSON Schema for `topology`: networks (L2 segments with link properties), hosts, routers, NATs (RFC 4787
 * settings or a preset), firewalls and public STUN/TURN servers.
 */
import { DEFAULTS, NAT_PRESET_NAMES, SERVER_TYPES, TURN_TRANSPORTS } from './constants';
import {
  FIREWALL_SETTING_FORMATS, FIREWALL_SETTING_KEYS, IPV6_FIREWALL_SETTING_FORMATS, IPV6_FIREWALL_SETTING_KEYS, NAT64_SETTING_FORMATS,
  NAT64_SETTING_KEYS, NAT_BEHAVIOUR_KEYS, NAT_SETTING_FORMATS, NatSettingFormat, NPTV6_SETTING_FORMATS, NPTV6_SETTING_KEYS,
} from './nat-setting-formats';
import { JsonSchema, ROUTE_TO_PATTERN, SchemaBuilder } from './schema-helpers';
import { PORT_RANGE_PATTERN } from './units';

/** Link property keys, shared by networks, interfaces and the `setLink` timeline action. */
export const LINK_KEYS = ['latency', 'jitter', 'loss', 'burstLoss', 'duplicate', 'reorder', 'bandwidth', 'queue', 'mtu', 'up'] as const;

/** NAT behaviour keys (RFC 4787), shared by NATs and the `setNat` timeline action. */
export { NAT_BEHAVIOUR_KEYS } from './nat-setting-formats';

/**
 * Link properties. On a network they are the defaults for every member's outbound direction; on an interface
 * they override them for what that member sends. `withDefaults` puts the defaults in the schema.
 */
export function linkProperties(s: SchemaBuilder, withDefaults: boolean): Record<string, JsonSchema> {
  const d = (v: unknown) => (withDefaults ? v : undefined) as never;
  const L = DEFAULTS.link;
  return {
    latency: s.duration('One-way delay added to every packet sent onto the network.', d(L.latency)),
    jitter: s.duration('Random extra delay per packet, from 0 up to this value (seeded RNG).', d(L.jitter)),
    loss: s.probability('Probability that a packet is lost at random (dropped as link-loss).', d(L.loss)),
    burstLoss: s.object(
      'Burst loss',
      'Gilbert-Elliott burst loss: the link flips between a good and a bad state; packets sent in the bad state are lost with probability lossInBad. Applies on top of loss.',
      {
        goodToBad: s.probability('Per-packet probability of moving from the good to the bad state.'),
        badToGood: s.probability('Per-packet probability of moving from the bad back to the good state (1/badToGood is the mean burst length).'),
        lossInBad: s.probability('Probability that a packet is lost while in the bad state.', DEFAULTS.burstLoss.lossInBad),
      },
      ['goodToBad', 'badToGood'],
    ),
    duplicate: s.probability('Probability that a packet is delivered twice.', d(L.duplicate)),
    reorder: s.object(
      'Reordering',
      'Reordering: some packets are held back so later packets overtake them.',
      {
        probability: s.probability('Probability that a packet is held back.'),
        delay: s.duration('Extra delay given to a held-back packet.', DEFAULTS.reorderDelay),
      },
      ['probability'],
    ),
    bandwidth: s.bandwidth('Sending rate limit; packets wait in a queue for their turn (adds queueing delay).', d(L.bandwidth)),
    queue: s.integer(1, 1_000_000, 'Packets that may wait for bandwidth; more are tail-dropped as queue-full.', d(L.queue)),
    mtu: s.integer(68, 65535, 'Largest IP packet in bytes; bigger packets are dropped as mtu-exceeded.', d(L.mtu)),
    up: s.boolean('Whether the link carries packets; a down link drops them as link-down.', d(L.up)),
  };
}

/** Schemas for settings described by a format table (nat-setting-formats.ts), in the order of `keys`. */
function settingProperties<K extends string>(
  s: SchemaBuilder, keys: readonly K[], formats: { readonly [k in K]: NatSettingFormat },
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const k of keys) {
    const f = formats[k];
    if (f.kind === 'enum') out[k] = s.enumOf(f.values, f.text, f.default);
    else if (f.kind === 'boolean') out[k] = s.boolean(f.text);
    else if (f.kind === 'integer') out[k] = s.integer(f.min, f.max, f.text);
    else if (f.kind === 'duration') out[k] = s.duration(f.text);
    else if (f.kind === 'group') out[k] = s.object(f.title, f.text, settingProperties(s, f.keys, f.formats));
    else if (f.kind === 'firewall-rules') out[k] = firewallRules(s, f.text, f.actions, f.protocols);
    else if (f.kind === 'prefix') out[k] = s.text(f.text);
    else if (f.kind === 'ipv4-list') out[k] = s.list(f.text, s.ip('An IPv4 address.'), 1);
    else out[k] = s.patterned(PORT_RANGE_PATTERN, f.text);
  }
  return out;
}

/** A firewall's outbound rules (FirewallRule): action, proto, ports. */
function firewallRules(s: SchemaBuilder, text: string, actions: readonly string[], protocols: readonly string[]): JsonSchema {
  const port = { ...s.patterned(PORT_RANGE_PATTERN, 'A destination port (443) or an inclusive range (8000-8100).'), type: ['integer', 'string'], minimum: 1, maximum: 65535 };
  return s.list(text, s.object('Firewall rule', 'One outbound rule; the first rule matching a packet decides.', {
    action: s.enumOf(actions, 'allow or deny the packets it matches.'),
    proto: s.enumOf(protocols, 'The protocol it matches.', 'any'),
    ports: s.list('Destination ports it matches; every port when left out.', port, 1),
  }, ['action']));
}

/** The RFC 4787 behaviour settings of a NAT (all optional: unset ones come from the preset or the NAT defaults). */
export function natBehaviourProperties(s: SchemaBuilder): Record<string, JsonSchema> {
  return settingProperties(s, NAT_BEHAVIOUR_KEYS, NAT_SETTING_FORMATS);
}

/**
 * An attachment of a node to a network: network, address and per-member link overrides. `dual`: the address may
 * be of either family, or a list (hosts and routers); otherwise IPv4 (NATs and firewalls).
 */
function attachment(s: SchemaBuilder, title: string, description: string, dual = false): JsonSchema {
  return s.object(
    title,
    description,
    {
      network: s.name('The network (under topology.networks) this interface is on.'),
      ip: dual
        ? s.addresses('The interface address, or its addresses (e.g. [192.168.1.10, 2001:db8:1::10] on a dual-stack network; the first is primary); each inside the network\'s prefix of its family and unique on it.')
        : s.ip('The interface address; inside the network CIDR and unique on it.'),
      ...linkProperties(s, false),
    },
    ['network', 'ip'],
  );
}

/** `topology.networks`. */
function networkSchema(s: SchemaBuilder): JsonSchema {
  return s.object(
    'Network',
    'A network segment (subnet). Every member reaches every other member directly; routers, NATs and firewalls join networks. A point-to-point link is a network with two members.',
    {
      cidr: s.prefixes('The subnet, like 192.168.1.0/24 or 2001:db8:1::/64; a list of one IPv4 and one IPv6 prefix makes a dual-stack network. Members take addresses inside it.'),
      description: s.text('Notes for people.'),
      ...linkProperties(s, true),
    },
    ['cidr'],
  );
}

/** `topology.hosts`. */
function hostSchema(s: SchemaBuilder): JsonSchema {
  return s.object(
    'Host',
    'An end host that runs agents. Give network + ip for one interface, or interfaces for several.',
    {
      description: s.text('Notes for people.'),
      network: s.name('Shorthand for one interface: the network it is on.'),
      ip: s.addresses('Shorthand for one interface: its address, or its addresses (one or more per family, the first primary).'),
      interfaces: s.list('The host\'s interfaces, in order (eth0, eth1, ...).', attachment(s, 'Interface', 'One network interface.', true), 1),
      gateway: s.addresses('Default gateway address, or one per family for a dual-stack host. Default: for each family the host has, the only router, NAT or firewall on the host\'s networks (inside side); none if there is none.'),
      nat64Prefix: s.text('The NAT64 prefix the host knows (RFC 6052 length 32-96, e.g. 64:ff9b::/96): what RFC 7050 discovery would tell it, since natsim has no DNS. Agents synthesise IPv6 addresses for IPv4 peers from it. Default: none.'),
      ...linkProperties(s, false),
    },
  );
}

/** `topology.routers`. */
function routerSchema(s: SchemaBuilder): JsonSchema {
  const route = s.object(
    'Route',
    'A static route. The longest matching prefix wins; connected networks are routed automatically.',
    {
      to: s.patterned(ROUTE_TO_PATTERN, 'Destination prefix of either family, or default for 0.0.0.0/0 (::/0 when via is IPv6).'),
      via: s.anyIp('Next-hop address, of the destination\'s family, on one of the router\'s networks.'),
    },
    ['to', 'via'],
  );
  return s.object(
    'Router',
    'A router between networks; forwards by longest-prefix match and decrements TTL.',
    {
      description: s.text('Notes for people.'),
      interfaces: s.list('The router\'s interfaces, one per network.', attachment(s, 'Interface', 'One network interface.', true), 1),
      routes: s.list('Static routes beyond the connected networks.', route),
    },
    ['interfaces'],
  );
}

/** What a box between an inside and an outside network (NAT, firewall, IPv6 firewall, NAT64, NPTv6) is made of. */
interface MiddleboxParts {
  readonly title: string;
  readonly description: string;
  /** The inside and outside interfaces' descriptions. */
  readonly inside: string;
  readonly outside: string;
  /** The interfaces take an address of either family, or a list (see attachment). */
  readonly dual: boolean;
  /** The `gateway` property. */
  readonly gateway: JsonSchema;
  /** Properties before `inside` (a NAT's preset). */
  readonly first?: Record<string, JsonSchema>;
  /** Properties after `gateway`: the box's own settings. */
  readonly settings: Record<string, JsonSchema>;
  /** Required beside `inside` and `outside`. */
  readonly required?: readonly string[];
}

/** The object schema of a middlebox: notes, inside and outside interfaces, gateway, then its settings. */
function middleboxSchema(s: SchemaBuilder, m: MiddleboxParts): JsonSchema {
  return s.object(
    m.title,
    m.description,
    {
      description: s.text('Notes for people.'),
      ...m.first,
      inside: attachment(s, 'Inside interface', m.inside, m.dual),
      outside: attachment(s, 'Outside interface', m.outside, m.dual),
      gateway: m.gateway,
      ...m.settings,
    },
    ['inside', 'outside', ...(m.required ?? [])],
  );
}

/** `topology.nats`. */
function natSchema(s: SchemaBuilder): JsonSchema {
  return middleboxSchema(s, {
    title: 'NAT',
    description: 'A NAT between an inside and an outside network. Start from a preset and override single RFC 4787 settings. The outside network may be another NAT\'s inside network (double NAT, CGNAT).',
    first: { preset: s.enumOf(NAT_PRESET_NAMES, 'A named behaviour (natsim presets lists their settings); the settings below override it.') },
    inside: 'The private side: hosts on this network use the NAT as their gateway. An IPv6 address too (a list) makes a dual-stack home router: IPv4 NAT plus IPv6 firewall.',
    outside: 'The public side. The first IPv4 address is the NAT\'s; add an IPv6 one (a list) for a dual-stack router.',
    dual: true,
    gateway: s.addresses('Next hop for the outside, or one per family for a dual-stack router. Default: for each family, the only router, NAT or firewall whose inside is the outside network; none if there is none.'),
    settings: {
      externalIps: s.list('External addresses used for mappings, on the outside network. Default: [outside.ip].', s.ip('An external address.'), 1),
      ...natBehaviourProperties(s),
      ipv6Firewall: ipv6FirewallSettings(s, 'IPv6 firewall', 'Dual-stack router: the stateful IPv6 firewall beside the IPv4 NAT (RFC 6092). IPv6 is never translated. Used (with these defaults) whenever the NAT has IPv6 addresses.'),
    },
  });
}

/** `topology.firewalls`. */
function firewallSchema(s: SchemaBuilder): JsonSchema {
  return middleboxSchema(s, {
    title: 'Firewall',
    description: 'A stateful firewall between an inside and an outside network: filters without translating addresses.',
    inside: 'The protected side.',
    outside: 'The public side.',
    dual: false,
    gateway: s.ip('Next hop for the outside; defaults like a NAT\'s.'),
    settings: settingProperties(s, FIREWALL_SETTING_KEYS, FIREWALL_SETTING_FORMATS),
  });
}

/** The RFC 6092 IPv6 firewall settings as an object (a dual-stack NAT's `ipv6Firewall`). */
function ipv6FirewallSettings(s: SchemaBuilder, title: string, description: string): JsonSchema {
  return s.object(title, description, settingProperties(s, IPV6_FIREWALL_SETTING_KEYS, IPV6_FIREWALL_SETTING_FORMATS));
}

/** `topology.ipv6Firewalls`. */
function ipv6FirewallSchema(s: SchemaBuilder): JsonSchema {
  return middleboxSchema(s, {
    title: 'IPv6 firewall',
    description: 'A stateful IPv6 firewall between an inside and an outside network (RFC 6092 simple security): no translation; outbound traffic opens state, inbound passes as the RFC 4787 filtering behaviour allows.',
    inside: 'The protected side.',
    outside: 'The public side.',
    dual: true,
    gateway: s.addresses('Next hop for the outside (one per family); defaults like a NAT\'s.'),
    settings: settingProperties(s, IPV6_FIREWALL_SETTING_KEYS, IPV6_FIREWALL_SETTING_FORMATS),
  });
}

/** `topology.nat64s`. */
function nat64Schema(s: SchemaBuilder): JsonSchema {
  return middleboxSchema(s, {
    title: 'NAT64',
    description: 'A stateful NAT64 (RFC 6146): IPv6-only hosts inside reach IPv4 servers outside through the addresses of the NAT64 prefix (RFC 6052). Endpoint-independent mapping, paired pooling.',
    inside: 'The IPv6 side: IPv6-only hosts use the NAT64 as their IPv6 gateway.',
    outside: 'The IPv4 side; its IPv4 address is the pool unless pool is given.',
    dual: true,
    gateway: s.addresses('Next hop for the IPv4 outside; defaults like a NAT\'s.'),
    settings: settingProperties(s, NAT64_SETTING_KEYS, NAT64_SETTING_FORMATS),
  });
}

/** `topology.nptv6s`. */
function nptv6Schema(s: SchemaBuilder): JsonSchema {
  return middleboxSchema(s, {
    title: 'NPTv6',
    description: 'NAT66 by IPv6-to-IPv6 network prefix translation (RFC 6296): stateless and checksum-neutral; rewrites the inside prefix to the outside one and back, no filtering.',
    inside: 'The side with insidePrefix.',
    outside: 'The side where outsidePrefix is routed to this box.',
    dual: true,
    gateway: s.addresses('Next hop for the outside; defaults like a NAT\'s.'),
    settings: settingProperties(s, NPTV6_SETTING_KEYS, NPTV6_SETTING_FORMATS),
    required: ['insidePrefix', 'outsidePrefix'],
  });
}

/** `topology.servers`: STUN and TURN servers, each a host of its own. */
function serverSchema(s: SchemaBuilder): JsonSchema {
  const common = {
    type: s.enumOf(SERVER_TYPES, 'stun: a STUN server (RFC 8489, and RFC 5780 with alternate). turn: a TURN relay (RFC 8656) that also answers STUN.'),
    description: s.text('Notes for people.'),
    network: s.name('The network the server is on.'),
    ip: s.ip('The server\'s address.'),
    gateway: s.addresses('Default gateway, or one per family for a dual-stack server; defaults like a host\'s.'),
    ...linkProperties(s, false),
  };
  const stun = {
    ...common,
    ip: s.anyIp('The server\'s address, IPv4 or IPv6 (an IPv6 STUN server answers IPv6 clients: RFC 8489 XOR-MAPPED-ADDRESS family 0x02).'),
    port: s.port('UDP port.', DEFAULTS.stunPort),
    alternate: s.object(
      'Alternate address',
      'RFC 5780 mode: a second address and port, so the server can answer from another IP and port (CHANGE-REQUEST, OTHER-ADDRESS). Needed by discovery agents.',
      { ip: s.anyIp('Second address, on the same network, of the same family as ip.'), port: s.port('Second port. Default: port + 1.') },
      ['ip'],
    ),
  };
  const turn = {
    ...common,
    ip: s.addresses('The server\'s address, or one address of each family (e.g. [203.0.113.1, 2001:db8::1]): a dual-stack TURN server listens on both and relays on both (RFC 8656 §7.1), so IPv6-only and IPv4-only clients meet through it.'),
    port: s.port('UDP port.', DEFAULTS.turnPort),
    realm: s.text('Realm for long-term credentials (RFC 8489 §9.2).', DEFAULTS.turnRealm),
    users: { ...s.map('Users: name -> password.', s.text('The password.')), propertyNames: { minLength: 1 } },
    authSecret: s.text('Shared secret for time-limited credentials (TURN REST API); agents without a password derive one from it.'),
    relayPorts: s.patterned(PORT_RANGE_PATTERN, 'Ports for relayed addresses (RFC 8656 §7.2: 49152-65535).', { default: DEFAULTS.relayPorts }),
    defaultLifetime: s.duration('Allocation lifetime when the client asks for none or less (RFC 8656 §6: 10m).', DEFAULTS.turnDefaultLifetime),
    maxLifetime: s.duration('Longest allocation lifetime granted (RFC 8656 §7.2: at most 1h recommended).', DEFAULTS.turnMaxLifetime),
    transports: {
      ...s.list('Client transports (RFC 8656 §3.1): udp always; tcp listens on port too; tls listens on tlsPort with modelled TLS (docs/turn-tcp-tls.md). Relaying to peers is UDP in every case.', s.enumOf(TURN_TRANSPORTS, 'A transport.'), 1),
      default: ['udp'],
      uniqueItems: true,
    },
    tlsPort: s.port('TLS port, with tls in transports (RFC 7065: 5349; 443 passes firewalls).', 5349),
  };
  return {
    type: 'object',
    title: 'Server',
    description: 'A public server: type stun or turn, on one network.',
    properties: { ...stun, ...turn },
    required: ['type', 'network', 'ip'],
    allOf: [
      {
        if: { properties: { type: { const: 'stun' } }, required: ['type'] },
        then: s.object(
          'STUN server',
          'type: stun. Answers Binding requests with the address it sees (RFC 8489); with alternate, also the RFC 5780 behaviour-discovery tests.',
          { ...stun, type: s.enumOf(['stun'], 'The server type (stun).') },
          ['type', 'network', 'ip'],
        ),
      },
      {
        if: { properties: { type: { const: 'turn' } }, required: ['type'] },
        then: s.object(
          'TURN server',
          'type: turn. Relays UDP for authenticated clients through allocated relay addresses (RFC 8656); also answers Binding requests.',
          { ...turn, type: s.enumOf(['turn'], 'The server type (turn).') },
          ['type', 'network', 'ip'],
        ),
      },
    ],
  };
}

/** `topology`. */
export function topologySchema(s: SchemaBuilder): JsonSchema {
  return s.object(
    'Topology',
    'The network: segments and the nodes on them. Every node name (host, router, NAT, firewall, IPv6 firewall, NAT64, NPTv6, server) is unique across all kinds.',
    {
      networks: { ...s.map('Network segments by name.', networkSchema(s)), minProperties: 1 },
      hosts: s.map('End hosts by name.', hostSchema(s)),
      routers: s.map('Routers by name.', routerSchema(s)),
      nats: s.map('NATs by name.', natSchema(s)),
      firewalls: s.map('Firewalls by name.', firewallSchema(s)),
      ipv6Firewalls: s.map('Stateful IPv6 firewalls (RFC 6092) by name.', ipv6FirewallSchema(s)),
      nat64s: s.map('Stateful NAT64s (RFC 6146) by name.', nat64Schema(s)),
      nptv6s: s.map('NPTv6 prefix translators (RFC 6296) by name.', nptv6Schema(s)),
      servers: s.map('Public STUN and TURN servers by name.', serverSchema(s)),
    },
    ['networks'],
  );
}
