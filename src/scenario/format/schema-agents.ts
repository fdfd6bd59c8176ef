/**
 * JSON Schema for `agents`: programs on hosts. Each agent has a `type`; the keys allowed depend on it.
 */
import { AGENT_TYPES, DEFAULTS, HOLE_PUNCH_TRANSPORTS, ICE_POLICIES, TURN_TRANSPORTS } from './constants';
import { ENDPOINT_PATTERN, JsonSchema, SchemaBuilder } from './schema-helpers';

/** Keys every agent has. */
function common(s: SchemaBuilder): Record<string, JsonSchema> {
  return {
    type: s.enumOf(AGENT_TYPES, 'What the agent does: discovery, hole-punch, ice, echo or traffic.'),
    host: s.name('The host (under topology.hosts) the agent runs on.'),
    description: s.text('Notes for people.'),
    autostart: s.boolean('Start at time 0. Default: true, or false when a timeline entry starts this agent.'),
  };
}

/** A local port: 0 (default) lets the host pick a free one. */
function localPort(s: SchemaBuilder): JsonSchema {
  return s.port('Local UDP port; 0 picks a free port.', DEFAULTS.agentPort, true);
}

/** Per-type properties. */
function typeProperties(s: SchemaBuilder): Record<string, Record<string, JsonSchema>> {
  const stun = s.name('STUN server (under topology.servers; a TURN server also answers STUN).');
  const turnRef = s.object(
    'TURN credentials',
    'A TURN server and the credentials to use on it.',
    {
      server: s.name('TURN server (under topology.servers).'),
      transport: s.enumOf(TURN_TRANSPORTS, 'How to reach the server (RFC 8656 §3.1): udp, tcp (on its port) or tls (on its tlsPort; TLS is modelled, docs/turn-tcp-tls.md). The server must list it in transports.', 'udp'),
      username: s.text('User name.'),
      password: s.text('Password. Default: the password of this user on the server, or one derived from the server\'s authSecret.'),
    },
    ['server', 'username'],
  );
  return {
    discovery: {
      stun: { ...stun, description: 'STUN server in RFC 5780 mode (with an alternate address) to test against.' },
      port: localPort(s),
    },
    'hole-punch': {
      stun,
      peer: s.name('The other hole-punch agent; addresses are exchanged out of band (see signalling).'),
      port: localPort(s),
      keepalive: s.duration('Send a keepalive this often once connected, to keep NAT mappings alive; 0 for none.', DEFAULTS.holePunchKeepalive),
      transport: s.enumOf(HOLE_PUNCH_TRANSPORTS, 'udp: punch with datagrams. tcp: learn the public address with STUN over TCP, then both connect() from the same local port at once (TCP simultaneous open, RFC 5128 §3.4); keepalive does not apply.', DEFAULTS.holePunchTransport),
    },
    ice: {
      peer: s.name('The other ICE agent (candidates are exchanged through signalling).'),
      stun: s.names('STUN server(s) for server-reflexive candidates.'),
      turn: s.list('TURN servers for relayed candidates.', turnRef),
      controlling: s.boolean('RFC 8445 §6.1.1 role. Default: the agent whose name sorts first is controlling, unless its peer says otherwise.'),
      trickle: s.boolean('Send candidates as they are gathered (RFC 8838) instead of all at once.', DEFAULTS.ice.trickle),
      policy: s.enumOf(ICE_POLICIES, 'Candidates to use: all, or relay only.', DEFAULTS.ice.policy),
      restartOnFailure: s.boolean('Do an ICE restart (RFC 8445 §9) when consent is lost (RFC 7675).', DEFAULTS.ice.restartOnFailure),
      tcpCandidates: s.boolean('Also gather TCP host candidates (RFC 6544): a passive one (listening on port) and an active one (port 9 in its line) per address; checks and data on a TCP pair are framed per RFC 4571. UDP candidates stay and are preferred.', DEFAULTS.ice.tcpCandidates),
      restartAfterFailedChecks: s.boolean('With restartOnFailure: the controlling agent also restarts again when every check of a restart failed (RFC 8445 §7.2.5.4), so a restart during a long outage connects soon after the link returns.', DEFAULTS.ice.restartAfterFailedChecks),
      port: localPort(s),
    },
    echo: {
      port: s.port('UDP port to answer on; every datagram is sent back to its source.'),
    },
    traffic: {
      to: s.patterned(ENDPOINT_PATTERN, 'Destination: ip:port, node:port (the node\'s first address) or the name of an echo agent.'),
      count: s.integer(1, 1_000_000, 'How many datagrams to send.', DEFAULTS.traffic.count),
      size: s.integer(0, 65507, 'UDP payload size in bytes.', DEFAULTS.traffic.size),
      every: s.duration('Time between datagrams.', DEFAULTS.traffic.every),
      port: localPort(s),
    },
  };
}

/** What each agent type does, shown as help in editors and in the reference. */
const TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  discovery:
    'Finds the NAT mapping and filtering behaviour (RFC 5780), the classic RFC 3489 type and hairpinning, using a STUN server that has an alternate address.',
  'hole-punch':
    'Learns its public address from STUN, exchanges it with its peer, then both send to each other until packets get through (UDP hole punching).',
  ice: 'An ICE agent (RFC 8445): gathers host, server-reflexive and relayed candidates, checks pairs with its peer, nominates one, then keeps consent (RFC 7675).',
  echo: 'Sends every datagram it receives back to where it came from.',
  traffic:
    'Sends count datagrams of size bytes, one every `every`, to one destination, and keeps its socket open so replies are delivered: shows NAT mappings being created and refreshed.',
};

/** Required keys per type (besides type and host). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  discovery: ['stun'],
  'hole-punch': ['stun', 'peer'],
  ice: ['peer'],
  echo: ['port'],
  traffic: ['to'],
};

/** `agents.<name>`. */
export function agentSchema(s: SchemaBuilder): JsonSchema {
  const base = common(s);
  const byType = typeProperties(s);
  const union: Record<string, JsonSchema> = { ...base };
  for (const props of Object.values(byType)) Object.assign(union, props);
  return {
    type: 'object',
    title: 'Agent',
    description: 'A program on a host. The keys allowed depend on type.',
    properties: union,
    required: ['type', 'host'],
    allOf: AGENT_TYPES.map((t) => ({
      if: { properties: { type: { const: t } }, required: ['type'] },
      then: s.object(`Agent: ${t}`, TYPE_DESCRIPTIONS[t], { ...base, type: s.enumOf([t], `The agent type (${t}).`), ...byType[t] }, ['type', 'host', ...REQUIRED[t]]),
    })),
  };
}

/** `agents`. */
export function agentsSchema(s: SchemaBuilder): JsonSchema {
  return s.map('Agents by name. Agent names are their own namespace (an agent may share its host\'s name).', agentSchema(s));
}
