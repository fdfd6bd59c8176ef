/** Small lookups over the typed model for its consumers (world builder, runner, reports). */
import type { NodeSpec, TopologySpec } from './spec-types';

/** Every node of a topology, in the order hosts, routers, nats, firewalls, servers (each in file order). */
export function allNodes(topology: TopologySpec): NodeSpec[] {
  return [...topology.hosts, ...topology.routers, ...topology.nats, ...topology.firewalls, ...topology.servers];
}
