/**
 * The guard that keeps embedded code off the real network while a scope is active: real dgram sockets (created
 * before the scope, or with `new dgram.Socket`), TCP connections and servers, and DNS lookups of unknown names all
 * fail with RealNetworkEscapeError. dgram.createSocket itself is redirected to the simulated host by the caller.
 */
import dgram = require('dgram');
import dns = require('dns');
import net = require('net');
import { RealNetworkEscapeError } from './embed-errors';
import type { PatchSet } from './patch-set';

/** Maps a host name to an IPv4 address, or undefined when the scope does not know it. */
export type NameResolver = (name: string) => string | undefined;

function blocked(what: string): () => never {
  return () => {
    throw new RealNetworkEscapeError(what);
  };
}

type LookupCallback = (err: Error | null, address?: string | { address: string; family: number }[], family?: number) => void;

/** dns.lookup over `resolve`: known names answer, unknown names fail with RealNetworkEscapeError. */
function guardedLookup(resolve: NameResolver) {
  return (hostname: string, options: unknown, callback?: LookupCallback): void => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    const ip = resolve(hostname);
    if (ip === undefined) return void process.nextTick(cb, new RealNetworkEscapeError(`dns.lookup('${hostname}')`));
    if (all) process.nextTick(cb, null, [{ address: ip, family: 4 }]);
    else process.nextTick(cb, null, ip, 4);
  };
}

/** Installs the guard into `patches`. */
export function installRealNetworkGuard(patches: PatchSet, resolve: NameResolver): void {
  const sock = dgram.Socket.prototype as unknown as Record<string, unknown>;
  for (const m of ['bind', 'send', 'connect']) patches.replace(sock, m, blocked(`a real dgram socket's ${m}()`));
  patches.replace(net.Socket.prototype as unknown as Record<string, unknown>, 'connect', blocked('a TCP connection (net.Socket.connect)'));
  patches.replace(net.Server.prototype as unknown as Record<string, unknown>, 'listen', blocked('a TCP server (net.Server.listen)'));
  const lookup = guardedLookup(resolve);
  patches.replace(dns, 'lookup', lookup as unknown as typeof dns.lookup);
  const promisesLookup = (hostname: string, options?: unknown): Promise<unknown> => new Promise((ok, fail) => {
    lookup(hostname, options ?? {}, (err, address, family) => {
      if (err) fail(err);
      else ok(Array.isArray(address) ? address : { address, family });
    });
  });
  patches.replace(dns.promises, 'lookup', promisesLookup as typeof dns.promises.lookup);
  for (const m of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveSrv', 'resolveTxt', 'reverse'] as const) {
    patches.replace(dns as unknown as Record<string, unknown>, m, blocked(`dns.${m}()`));
  }
}
