/**
 * A simulated host's interfaces in the shape of Node's os.networkInterfaces(), so that third-party code that
 * gathers local addresses (ICE host candidates, for example) sees the simulated host, not the machine it runs on.
 * Each interface lists its addresses of both families in the order given (IPv6 entries with a netmask in RFC 5952
 * text and `scopeid` 0, as Node prints global addresses); link-local addresses are not modelled.
 */
import type { NetworkInterfaceInfo } from 'os';
import type { Host } from '../net/host';
import type { Iface } from '../net/iface';
import { formatIpv4 } from '../net/ipv4';
import { IPV6_NUMBER_BASE, formatIp, internIpv6, ipBytesOf } from '../net/ip-number';

/** A stable, locally administered MAC address derived from the interface's primary address (02:00 + its last 4 bytes). */
function macFor(ip: number): string {
  const b = ipBytesOf(ip);
  const bytes = [2, 0, ...b.subarray(b.length - 4)];
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** The IPv6 netmask of a prefix length, as Node prints it (`ffff:ffff:ffff:ffff::` for /64). */
function ipv6Netmask(bits: number): string {
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = bits >= 8 * (i + 1) ? 0xff : bits > 8 * i ? (0xff << (8 - (bits - 8 * i))) & 0xff : 0;
  return formatIp(internIpv6(b));
}

/** One interface's entries, one per address. */
function entriesOf(iface: Iface): NetworkInterfaceInfo[] {
  const mac = macFor(iface.ip);
  return iface.addresses.map((ip): NetworkInterfaceInfo => {
    const address = formatIp(ip);
    const prefix = iface.segment.prefixOf(ip)!;
    if (ip < IPV6_NUMBER_BASE && prefix.family === 4) {
      return { address, netmask: formatIpv4(prefix.mask), family: 'IPv4', mac, internal: false, cidr: `${address}/${prefix.bits}` };
    }
    return { address, netmask: ipv6Netmask(prefix.bits), family: 'IPv6', mac, internal: false, cidr: `${address}/${prefix.bits}`, scopeid: 0 };
  });
}

/**
 * `lo` (127.0.0.1, and ::1 when the host has IPv6) followed by the host's interfaces in attach order, keyed by
 * interface name.
 */
export function hostNetworkInterfaces(host: Host): NodeJS.Dict<NetworkInterfaceInfo[]> {
  const lo: NetworkInterfaceInfo[] = [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }];
  if (host.ifaces.some((i) => i.ip6 !== undefined)) {
    lo.push({ address: '::1', netmask: ipv6Netmask(128), family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 });
  }
  const out: NodeJS.Dict<NetworkInterfaceInfo[]> = { lo };
  for (const iface of host.ifaces) out[iface.name] = entriesOf(iface);
  return out;
}
