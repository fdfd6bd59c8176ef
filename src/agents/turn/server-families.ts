/**
 * The TURN server's addresses per family (RFC 8656 §3.1, §7.1): its listen transport addresses (IPv4 and/or IPv6)
 * and its relay addresses (at most one per family), resolved from TurnServerInit with their defaults and checked.
 */
import type { HostEnv } from '../../net/host-env';
import {
  addressFamily,
  relayAddressSet,
  TurnConfigError,
  type AddressFamily,
  type AllocateResponse,
  type RelayAddressSet,
  type TransportAddress,
} from '../../protocols/turn';
import { addressText } from './addresses';
import { isWildcardAddress } from './listen-sockets';

/** A listen address as TurnServerInit.additionalListen gives it. */
export interface ListenInit {
  readonly address: string;
  readonly port?: number;
}

/**
 * The primary listen address followed by the additional ones (port defaulting to the primary's).
 * @throws TurnConfigError naming `path.additionalListen[i]` for a bad port or a repeated address
 */
export function resolveListenAddresses(primary: TransportAddress, more: readonly ListenInit[], path: string): TransportAddress[] {
  const out: TransportAddress[] = [primary];
  more.forEach((l, i) => {
    const at = `${path}.additionalListen[${i}]`;
    const port = l.port ?? primary.port;
    if (typeof l.address !== 'string' || l.address === '') throw new TurnConfigError(`${at}.address`, 'must be an IP address');
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TurnConfigError(`${at}.port`, `${port} must be a port 1-65535`);
    if (out.some((o) => o.address === l.address && o.port === port)) {
      throw new TurnConfigError(at, `${l.address} port ${port} is already a listen address`);
    }
    out.push({ address: l.address, port });
  });
  return out;
}

/**
 * Relay addresses: `relayAddresses`, else `[relayAddress]`, else the first listen address of each family (a
 * wildcard one replaced by the host's first address of that family).
 * @throws TurnConfigError for two of one family, or when no relay address can be found
 */
export function resolveRelayAddresses(
  env: HostEnv,
  init: { readonly relayAddress?: string; readonly relayAddresses?: readonly string[] },
  listen: readonly TransportAddress[],
  path: string,
): { list: string[]; set: RelayAddressSet } {
  if (init.relayAddresses !== undefined) {
    const list = [...init.relayAddresses];
    return { list, set: relayAddressSet(list, `${path}.relayAddresses`) };
  }
  if (init.relayAddress !== undefined) return { list: [init.relayAddress], set: relayAddressSet([init.relayAddress], `${path}.relayAddress`) };
  const list: string[] = [];
  const seen = new Set<AddressFamily>();
  for (const l of listen) {
    const family = addressFamily(l.address);
    if (seen.has(family)) continue;
    const address = isWildcardAddress(l.address) ? env.localAddresses().find((a) => addressFamily(a) === family) : l.address;
    if (address === undefined) continue;
    seen.add(family);
    list.push(address);
  }
  if (list.length === 0) throw new TurnConfigError(`${path}.relayAddress`, `is required when listening on ${listen[0].address} (host ${env.name} has no address of that family)`);
  return { list, set: relayAddressSet(list, `${path}.relayAddresses`) };
}

/**
 * The 'allocated' trace event: client, username, relayed, lifetimeS as ever; a dual allocation adds `relayed6` (its
 * IPv6 relayed address) and a refused family adds `addressError` (RFC 8656 §7.1, §18.12).
 */
export function allocatedData(from: TransportAddress, username: string, r: AllocateResponse): Record<string, unknown> {
  const data: Record<string, unknown> = { client: addressText(from), username, relayed: addressText(r.relayed), lifetimeS: r.lifetimeS };
  if (r.relayedAddresses.length > 1) data.relayed6 = addressText(r.relayedAddresses[1]);
  if (r.addressError) data.addressError = `IPv${r.addressError.family} ${r.addressError.code}`;
  return data;
}
