/**
 * The events each agent type records under its name, for checking `after:` and `happens:` references in scenario
 * files. Composed from the lists where the agents define their events (each agent's emit/trace takes only the
 * names of its list), never copied.
 */
import { ICE_EVENTS } from '../../agents/ice/ice-events';
import { HOLE_PUNCH_EVENTS } from '../../agents/holepunch/hole-punch-agent';
import { DISCOVERY_EVENTS } from '../../agents/stun/stun-client-events';
import type { AgentType } from '../format/constants';
import { DISCOVERY_AGENT_EVENTS } from './discovery-agent';
import { ECHO_EVENTS } from './echo-agent';
import { ICE_SCENARIO_EVENTS } from './ice-scenario-agent';
import { BASE_AGENT_EVENTS } from './scenario-agent';
import { TRAFFIC_EVENTS } from './traffic-agent';

/** Every event name an agent of each type can record. */
export const AGENT_EVENTS: { readonly [T in AgentType]: readonly string[] } = {
  discovery: [...BASE_AGENT_EVENTS, ...DISCOVERY_AGENT_EVENTS, ...DISCOVERY_EVENTS.filter((e) => e !== 'started')],
  'hole-punch': [...BASE_AGENT_EVENTS, ...HOLE_PUNCH_EVENTS],
  ice: [...BASE_AGENT_EVENTS, ...ICE_SCENARIO_EVENTS, ...ICE_EVENTS],
  echo: [...BASE_AGENT_EVENTS, ...ECHO_EVENTS],
  traffic: [...BASE_AGENT_EVENTS, ...TRAFFIC_EVENTS],
};
