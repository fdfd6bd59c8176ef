/**
 * The TCP stack's constants and per-connection options, with the RFC (or Linux default) each value comes from.
 * docs/tcp.md tabulates them.
 */

/** RFC 6298 §2.1: the initial RTO before any RTT sample, 1 s. */
export const INITIAL_RTO_MS = 1000;
/** RFC 6298 §2.4: RTO is rounded up to at least 1 s (Linux uses 200 ms; natsim keeps the RFC's value). */
export const MIN_RTO_MS = 1000;
/** RFC 6298 §2.5 allows a maximum of at least 60 s; Linux's TCP_RTO_MAX is 120 s. */
export const MAX_RTO_MS = 120_000;
/** RFC 6298 §2: clock granularity G, here the 1 ms virtual clock. */
export const CLOCK_GRANULARITY_MS = 1;

/** Linux net.ipv4.tcp_syn_retries default: 6 SYN retransmissions (about 127 s with the 1 s initial RTO). */
export const SYN_RETRIES = 6;
/** Linux net.ipv4.tcp_synack_retries default: 5 SYN-ACK retransmissions. */
export const SYNACK_RETRIES = 5;
/** Linux net.ipv4.tcp_retries2 default: 15 retransmissions of data (or zero-window probes) before ETIMEDOUT. */
export const DATA_RETRIES = 15;

/**
 * Maximum Segment Lifetime. RFC 9293 §3.4.2 suggests 2 minutes; natsim takes 30 s so TIME-WAIT (2*MSL) lasts 60 s,
 * as Linux's fixed TCP_TIMEWAIT_LEN.
 */
export const MSL_MS = 30_000;

/** RFC 9293 §3.7.1: the MSS assumed when a SYN carries no MSS option (IPv4; 1220 for IPv6 per RFC 8200 §5). */
export const DEFAULT_MSS_IPV4 = 536;
/** RFC 8200 §5 minimum MTU 1280 minus 60 bytes of headers. */
export const DEFAULT_MSS_IPV6 = 1220;
/** IPv4 (20) + TCP (20) header bytes: MSS = MTU - 40 (RFC 9293 §3.7.1). */
export const TCP_IPV4_OVERHEAD = 40;
/** IPv6 (40) + TCP (20) header bytes: MSS = MTU - 60. */
export const TCP_IPV6_OVERHEAD = 60;

/** Receive buffer size, the largest window without window scaling (RFC 9293 §3.1: a 16-bit field). */
export const RECEIVE_BUFFER = 65_535;
/** Send buffer above which write() returns false (then 'drain'), like Node's writable high-water mark plus the kernel's buffer. */
export const SEND_HIGH_WATER = 65_536;

/** Delayed ACK timeout (RFC 9293 §3.8.6.3 and RFC 5681 §4.2: under 500 ms; Linux's TCP_DELACK_MIN is 40 ms). */
export const DELAYED_ACK_MS = 40;

/** RFC 5681 §3.2: duplicate ACKs that trigger fast retransmit. */
export const DUPACK_THRESHOLD = 3;
/** RFC 5681 §3.1 (RFC 3390): initial window min(4*MSS, max(2*MSS, 4380)) bytes. */
export function initialWindow(mss: number): number {
  return Math.min(4 * mss, Math.max(2 * mss, 4380));
}
/** Persist timer ceiling (RFC 9293 §3.8.6.1: probes back off exponentially; Linux caps at TCP_RTO_MAX). */
export const MAX_PERSIST_MS = 60_000;

/**
 * The smallest send MSS (Linux's tcp_min_snd_mss, 48): a peer's MSS option or an ICMP "fragmentation needed" MTU
 * below it is raised to it, so a hostile MSS of 0 or 1 cannot stall or flood a connection.
 */
export const MIN_SEND_MSS = 48;
