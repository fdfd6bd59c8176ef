/**
 * JSON Schema for `timeline`: things that happen during a run, each at a time or after an event, each with
 * exactly one action.
 */
import { DEFAULTS } from './constants';
import { ENDPOINT_PATTERN, EVENT_PATTERN, JsonSchema, SchemaBuilder } from './schema-helpers';
import { linkProperties, natBehaviourProperties } from './schema-topology';
import { NAT_PRESET_NAMES } from './constants';

/** The action keys of a timeline entry, in documentation order. */
export const TIMELINE_ACTIONS = ['start', 'stop', 'send', 'setLink', 'rebootNat', 'setNat', 'sleep', 'wake', 'move'] as const;
/** One of TIMELINE_ACTIONS. */
export type TimelineActionKey = (typeof TIMELINE_ACTIONS)[number];

/** An event reference: an agent event, or a trace event kind at a node. Shared with expectations. */
export function eventRefSchema(s: SchemaBuilder, title: string, description: string): JsonSchema {
  return {
    ...s.object(
      title,
      description,
      {
        agent: s.name('Agent or server that reports the event (for agent events such as connected).'),
        node: s.name('Node or network where a trace event happens (for kinds such as mapping-expired, dropped).'),
        event: s.patterned(EVENT_PATTERN, 'The event: an agent event name (connected, failed, discovered, ...) or, with node, a trace event kind.'),
        data: {
          type: 'object',
          description: 'Only events whose data has these values (each key equal), e.g. { viaRelay: true } for a connected or restarted event through a TURN relay.',
          additionalProperties: { type: ['string', 'number', 'boolean'] },
        },
      },
      ['event'],
    ),
    oneOf: s.exactlyOne(['agent', 'node']),
  };
}

/** The schema of each action. */
function actionSchemas(s: SchemaBuilder): Record<TimelineActionKey, JsonSchema> {
  return {
    start: s.names('Start agent(s).'),
    stop: s.names('Stop agent(s): they close their sockets and stop their timers.'),
    send: s.object(
      'Send',
      'Send datagrams from a host once (a one-off traffic source).',
      {
        host: s.name('The sending host.'),
        port: s.port('Local UDP port; 0 picks a free port.', DEFAULTS.agentPort, true),
        to: s.patterned(ENDPOINT_PATTERN, 'Destination: ip:port, node:port or an echo agent name.'),
        count: s.integer(1, 1_000_000, 'How many datagrams.', DEFAULTS.send.count),
        size: s.integer(0, 65507, 'UDP payload size in bytes.', DEFAULTS.send.size),
        every: s.duration('Time between datagrams.', DEFAULTS.send.every),
      },
      ['host', 'to'],
    ),
    setLink: s.object(
      'Set link',
      'Change link properties from now on. With node: only what that member sends onto the network; without: what every member sends.',
      {
        network: s.name('The network.'),
        node: s.name('A member of the network (host, router, NAT, firewall or server).'),
        ...linkProperties(s, false),
      },
      ['network'],
    ),
    rebootNat: s.object(
      'Reboot NAT',
      'Reboot a NAT: every mapping is flushed, optionally with a new external address.',
      { nat: s.name('The NAT.'), externalIp: s.ip('New external address after the reboot, on the outside network.') },
      ['nat'],
    ),
    setNat: s.object(
      'Set NAT',
      'Change a NAT\'s behaviour from now on (a preset and/or single settings).',
      {
        nat: s.name('The NAT.'),
        preset: s.enumOf(NAT_PRESET_NAMES, 'Switch to this preset\'s behaviour; the settings given here override it.'),
        ...natBehaviourProperties(s),
      },
      ['nat'],
    ),
    sleep: s.names('Put host(s) to sleep: they drop every packet (host-down) and their timers pause.'),
    wake: s.names('Wake sleeping host(s).'),
    move: s.object(
      'Move',
      'Move a host\'s interface to another network with a new address (like walking from Wi-Fi to mobile data).',
      {
        host: s.name('The host.'),
        from: s.name('Which of its networks to leave. Default: its only (first) interface\'s network.'),
        network: s.name('The network to join.'),
        ip: s.anyIp('The new address (IPv4 or IPv6), inside the new network\'s prefix of that family.'),
        gateway: s.anyIp('New default gateway, of the new address\'s family. Default: as for hosts, on the new network.'),
      },
      ['host', 'network', 'ip'],
    ),
  };
}

/** `timeline[i]`. */
export function timelineEntrySchema(s: SchemaBuilder): JsonSchema {
  return {
    ...s.object(
      'Timeline entry',
      'One change during the run: when (at, or after + delay) and exactly one action.',
      {
        at: s.duration('Virtual time from the start of the run.'),
        after: eventRefSchema(s, 'After', 'Run when this event first happens.'),
        delay: s.duration('With after: wait this long after the event.', DEFAULTS.afterDelay),
        description: s.text('Notes for people (shown in reports).'),
        ...actionSchemas(s),
      },
    ),
    allOf: [{ oneOf: s.exactlyOne(['at', 'after']) }, { oneOf: s.exactlyOne(TIMELINE_ACTIONS) }],
  };
}

/** `timeline`. */
export function timelineSchema(s: SchemaBuilder): JsonSchema {
  return s.list('Changes during the run, in any order (they are sorted by time).', timelineEntrySchema(s));
}
