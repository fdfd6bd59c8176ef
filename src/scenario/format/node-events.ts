/**
 * The trace event kinds each kind of place in a topology records under its name, for checking `node:` event
 * references in scenario files. Composed from the lists where the nodes record their trace events (each
 * `trace.record` call is checked against its node's list with `satisfies`), never copied.
 */
import { NAT_TRACE_KINDS } from '../../nat/nat-trace-kinds';
import { HOST_TRACE_KINDS } from '../../net/host';
import { ROUTER_TRACE_KINDS } from '../../net/router';
import { NETWORK_TRACE_KINDS } from '../../net/segment';
import type { NodeKind } from './normalise-context';

/** Every trace event kind a node of each kind, or a network, can record. */
export const NODE_EVENTS: { readonly [K in NodeKind | 'network']: readonly string[] } = {
  host: HOST_TRACE_KINDS,
  // A STUN or TURN server runs on a host of its own; its server events are agent events (SERVER_EVENTS).
  server: HOST_TRACE_KINDS,
  router: ROUTER_TRACE_KINDS,
  nat: NAT_TRACE_KINDS,
  // A firewall is a router with pinholes (src/nat/firewall-node.ts); its pinholes are not traced as mappings.
  firewall: ROUTER_TRACE_KINDS,
  // The IPv6 firewall's state is not traced as mappings either (src/nat/ipv6-firewall-node.ts).
  'ipv6-firewall': ROUTER_TRACE_KINDS,
  // A NAT64 traces translations and its BIB entries as mappings (src/nat/nat64-node.ts).
  nat64: NAT_TRACE_KINDS,
  // NPTv6 is stateless: translations only (src/nat/nptv6-node.ts), no mapping events.
  nptv6: [...ROUTER_TRACE_KINDS, 'translated'],
  network: NETWORK_TRACE_KINDS,
};
