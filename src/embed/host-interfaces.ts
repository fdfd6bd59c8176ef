/**
 * A simulated host's interfaces in the shape of Node's os.networkInterfaces(), so that third-party code that
 * gathers local addresses (ICE host candidates, for example) sees the simulated host, not the machine it runs on.
 */
import type { NetworkInterfaceInfo } from 'os';
import type { Host } from '../net/host';
import { formatIpv4 } from '../net/ipv4';

/** A stable, locally administered MAC address derived from the interface address (02:00:a:b:c:d). */
function macFor(ip: number): string {
  const bytes = [2, 0, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** `lo` (127.0.0.1, internal) followed by the host's interfaces in attach order, keyed by interface name. */
export function hostNetworkInterfaces(host: Host): NodeJS.Dict<NetworkInterfaceInfo[]> {
  const out: NodeJS.Dict<NetworkInterfaceInfo[]> = {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  };
  for (const iface of host.ifaces) {
    const address = formatIpv4(iface.ip);
    const prefix = iface.prefix;
    out[iface.name] = [{
      address,
      netmask: formatIpv4(prefix.mask),
      family: 'IPv4',
      mac: macFor(iface.ip),
      internal: false,
      cidr: `${address}/${prefix.bits}`,
    }];
  }
  return out;
}
