/**
 * Sessions under one inside endpoint: what a stateful NAT64 (RFC 6146 §3.2 session table, per BIB entry) and a
 * stateful firewall (RFC 6092 §3.2 "state records") keep per remote endpoint. Each session has its own timer; the
 * holder (a BIB entry, or a firewall's per-endpoint record) lives as long as its longest-lived session (RFC 6146
 * §3.5.1: "if all the sessions of a BIB entry are deleted, the BIB entry is deleted").
 *
 * Filtering in RFC 4787 §5 terms is judged against the holder's live sessions: endpoint-independent admits any
 * remote while the holder lives, address-dependent a remote address some live session talks to (RFC 6146
 * §3.5.1's address-dependent filtering rule), address-and-port-dependent only a live session's exact remote.
 */
import type { BehaviorLevel } from './filtering';
import type { TcpSessionState } from './tcp-session-state';

/** One session: the inside endpoint (its holder's) talking to one remote endpoint. Times in µs. */
export class Session {
  expiresAt = 0;
  lastRefresh: number;
  /** TCP state (RFC 6146 §3.5.2), undefined for UDP. */
  tcp: TcpSessionState | undefined;

  constructor(readonly remoteIp: number, readonly remotePort: number, readonly createdAt: number) {
    this.lastRefresh = createdAt;
  }
}

/** What holds sessions: key endpointKey(remoteIp, remotePort) -> session; `expiresAt` is the latest session's. */
export interface SessionHolder {
  readonly sessions: Map<number, Session>;
  expiresAt: number;
}

/**
 * Finds or opens the session to remoteIp:remotePort and sets its expiry to now + lifetimeUs (or, with `keep`,
 * leaves an existing session's expiry alone). Keeps the holder's expiresAt the latest live session's.
 */
export function touchSession(h: SessionHolder, remoteIp: number, remotePort: number, now: number, lifetimeUs: number,
  keep = false): Session {
  const key = remoteIp * 65536 + remotePort;
  let s = h.sessions.get(key);
  if (s !== undefined && s.expiresAt <= now) {
    h.sessions.delete(key);
    s = undefined;
  }
  if (s === undefined) {
    s = new Session(remoteIp, remotePort, now);
    h.sessions.set(key, s);
  } else if (keep) {
    return s;
  }
  const was = s.expiresAt;
  s.lastRefresh = now;
  s.expiresAt = now + lifetimeUs;
  if (s.expiresAt >= h.expiresAt) h.expiresAt = s.expiresAt;
  else if (was >= h.expiresAt) recomputeExpiry(h, now); // the latest session got shorter (a TCP close)
  return s;
}

/** The live session to remoteIp:remotePort, if any. */
export function liveSession(h: SessionHolder, remoteIp: number, remotePort: number, now: number): Session | undefined {
  const s = h.sessions.get(remoteIp * 65536 + remotePort);
  return s !== undefined && s.expiresAt > now ? s : undefined;
}

/** RFC 4787 §5 filtering against the holder's live sessions (see the file comment). */
export function sessionsAdmit(h: SessionHolder, level: BehaviorLevel, remoteIp: number, remotePort: number, now: number): boolean {
  if (h.expiresAt <= now) return false;
  if (level === 0) return true;
  if (level === 2) return liveSession(h, remoteIp, remotePort, now) !== undefined;
  for (const s of h.sessions.values()) if (s.remoteIp === remoteIp && s.expiresAt > now) return true;
  return false;
}

/** Drops dead sessions and sets the holder's expiry to the latest live one's (0 when none is left). */
export function recomputeExpiry(h: SessionHolder, now: number): void {
  let latest = 0;
  for (const [k, s] of h.sessions) {
    if (s.expiresAt <= now) h.sessions.delete(k);
    else if (s.expiresAt > latest) latest = s.expiresAt;
  }
  h.expiresAt = latest;
}
