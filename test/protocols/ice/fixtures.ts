/** Candidate builders shared by the ICE core tests. */
import { createCandidate, type Candidate } from '../../../src/protocols/ice';

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
