/** The trace event kinds a NAT node records, in a file of their own so that the NAT's helpers can use the type. */
import { ROUTER_TRACE_KINDS } from '../net/router';
import type { TraceEventOf } from '../sim/trace-events';

/**
 * Trace kinds a NAT records under its name: a router's, 'translated' (RFC 4787 §4, ICMP errors per RFC 5508, fragments
 * per REQ-14) and each mapping's life.
 */
export const NAT_TRACE_KINDS = [...ROUTER_TRACE_KINDS, 'translated', 'mapping-created', 'mapping-refreshed', 'mapping-expired', 'mapping-flushed'] as const;
/** One of NAT_TRACE_KINDS. */
export type NatTraceKind = (typeof NAT_TRACE_KINDS)[number];
/** A trace event a NAT records. */
export type NatTraceEvent = TraceEventOf<NatTraceKind>;
