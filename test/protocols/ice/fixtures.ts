/** Candidate builders shared by the ICE core tests. */
import {
  createCandidate,
  IceSession,
  type Candidate,
  type Checklist,
  type IceEffect,
  type IceRole,
  type IceSessionInit,
  type StreamInit,
} from '../../../src/protocols/ice';

/** A host candidate at ip:port (local preference 65535 unless given). */
export function host(ip: string, port: number, component = 1, localPreference = 65535): Candidate {
  return createCandidate({ type: 'host', address: ip, port, component, localPreference });
}

/** A server-reflexive candidate learned from `server` for the base baseIp:basePort. */
export function srflx(ip: string, port: number, baseIp: string, basePort: number, component = 1, server = '198.51.100.1'): Candidate {
  return createCandidate({ type: 'srflx', address: ip, port, component, base: { address: baseIp, port: basePort }, serverAddress: server });
}

/** A relayed candidate from `server`. */
export function relay(ip: string, port: number, component = 1, server = '198.51.100.2'): Candidate {
  return createCandidate({ type: 'relay', address: ip, port, component, serverAddress: server });
}

/** "ip:port" shorthand. */
export function at(address: string, port: number): { address: string; port: number } {
  return { address, port };
}

/** A session with one stream holding the given candidates (pairs formed, not started). */
export function sessionWith(
  locals: readonly Candidate[],
  remotes: readonly Candidate[],
  opts: { role?: IceRole; tieBreaker?: bigint; init?: IceSessionInit; stream?: StreamInit } = {},
): { session: IceSession; list: Checklist } {
  const session = new IceSession(opts.role ?? 'controlling', opts.tieBreaker ?? 1000n, opts.init);
  const list = session.addStream(opts.stream);
  for (const c of locals) list.addLocalCandidate(c);
  for (const c of remotes) list.addRemoteCandidate(c);
  return { session, list };
}

/** Effects of a given kind. */
export function effectsOf<K extends IceEffect['kind']>(effects: readonly IceEffect[], kind: K): Array<Extract<IceEffect, { kind: K }>> {
  return effects.filter((e): e is Extract<IceEffect, { kind: K }> => e.kind === kind);
}

/** "local->remote=state" summaries of a checklist's pairs, in checklist order. */
export function states(list: Checklist): string[] {
  return list.pairs().map((p) => `${p.local.address}:${p.local.port}->${p.remote.address}:${p.remote.port}=${p.state}`);
}

/** A TCP host candidate (RFC 6544): an active one takes port 9 whatever `port` says. */
export function tcpHost(ip: string, tcpType: 'active' | 'passive' | 'so', port = 0, component = 1): Candidate {
  return createCandidate({ type: 'host', transport: 'tcp', tcpType, address: ip, port: tcpType === 'active' ? 9 : port, component });
}

/** "ip:port" over TCP. */
export function tcpAt(address: string, port: number): { address: string; port: number; transport: 'tcp' } {
  return { address, port, transport: 'tcp' };
}
