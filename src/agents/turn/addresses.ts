/**
 * Conversions between the TURN core's TransportAddress (`{ address, port }`), the STUN codec's StunAddress
 * (`{ family, address, port }`, RFC 8489 §14.1) and dgram's RemoteInfo, plus `ip:port` text for traces.
 */
import type { StunAddress } from '../../protocols/stun';
import { addressFamily, transportAddressKey, type TransportAddress } from '../../protocols/turn';
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';

/** A TransportAddress as a STUN address value (XOR-PEER-ADDRESS, XOR-MAPPED-ADDRESS, ..., RFC 8656 §18). */
export function toStunAddress(a: TransportAddress): StunAddress {
  return { family: addressFamily(a.address), address: a.address, port: a.port };
}

/** A STUN address value as a plain TransportAddress (drops the family). */
export function fromStunAddress(a: StunAddress): TransportAddress {
  return { address: a.address, port: a.port };
}

/** The sender of a datagram as a TransportAddress. */
export function fromRemoteInfo(rinfo: RemoteInfo): TransportAddress {
  return { address: rinfo.address, port: rinfo.port };
}

/** `ip:port` text (`[v6]:port` for IPv6), for trace data and Map keys. */
export function addressText(a: TransportAddress): string {
  return transportAddressKey(a);
}

/**
 * A new UDP socket of the family of `address` (the address it will bind to or talk to): 'udp6' for IPv6 text,
 * else the host's default (udp4), called exactly as before so IPv4 worlds do not change.
 */
export function createSocketFor(env: HostEnv, address: string): UdpSocketLike {
  return addressFamily(address) === 6 ? env.createSocket('udp6') : env.createSocket();
}
