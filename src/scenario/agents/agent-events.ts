/**
 * The events each agent type and each server type records under its name, for checking `after:`, `happens:` and
 * `never:` references in scenario files. Composed from the lists where the agents and servers define their events
 * (each one's emit/trace takes only the names of its list), never copied.
 */
import { ICE_EVENTS } from '../../agents/ice/ice-events';
import { HOLE_PUNCH_EVENTS } from '../../agents/holepunch/hole-punch-agent';
import { TCP_HOLE_PUNCH_EVENTS } from '../../agents/holepunch/tcp-hole-punch-agent';
import { DISCOVERY_EVENTS } from '../../agents/stun/stun-client-events';
import { STUN_SERVER_EVENTS } from '../../agents/stun/stun-server';
import { TURN_SERVER_EVENTS } from '../../agents/turn/server-events';
import type { AgentType, ServerType } from '../format/constants';
import { DISCOVERY_AGENT_EVENTS } from './discovery-agent';
import { ECHO_EVENTS } from './echo-agent';
import { ICE_SCENARIO_EVENTS } from './ice-scenario-agent';
import { BASE_AGENT_EVENTS } from './scenario-agent';
import { TRAFFIC_EVENTS } from './traffic-agent';

/** Every event name an agent of each type can record. */
export const AGENT_EVENTS: { readonly [T in AgentType]: readonly string[] } = {
  discovery: [...BASE_AGENT_EVENTS, ...DISCOVERY_AGENT_EVENTS, ...DISCOVERY_EVENTS.filter((e) => e !== 'started')],
  'hole-punch': [...BASE_AGENT_EVENTS, ...new Set([...HOLE_PUNCH_EVENTS, ...TCP_HOLE_PUNCH_EVENTS])],
  ice: [...BASE_AGENT_EVENTS, ...ICE_SCENARIO_EVENTS, ...ICE_EVENTS],
  echo: [...BASE_AGENT_EVENTS, ...ECHO_EVENTS],
  traffic: [...BASE_AGENT_EVENTS, ...TRAFFIC_EVENTS],
};

/** Every event name a server of each type (`topology.servers.<name>.type`) records. */
export const SERVER_EVENTS: { readonly [T in ServerType]: readonly string[] } = {
  // Scenario servers run without requestEvents (that is `natsim serve stun --verbose`), so never record 'request'.
  stun: STUN_SERVER_EVENTS.filter((e) => e !== 'request'),
  turn: TURN_SERVER_EVENTS,
};
