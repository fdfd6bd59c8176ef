/**
 * The NAT's external addresses and how a new mapping picks one (RFC 4787 §4.1 IP address pooling):
 * - 'paired': an internal IP's first mapping picks an address round-robin among those with a free port; its
 *   later mappings use the same address for as long as it holds any mapping (then it may get another).
 * - 'arbitrary': every new mapping takes the next address round-robin that has a free port.
 * Also counts mappings per internal IP for the port quota (RFC 6888 REQ-4).
 */
import type { RandomSource } from '../sim/rng';
import type { Pooling } from './nat-config';
import type { MappingRecord } from './nat-mapping';
import { PortAllocation, assignPort } from './port-allocator';
import { PortPool } from './port-pool';

/** Per internal IP: the address its mappings are paired with, and how many mappings it holds. */
interface HostState {
  pool: PortPool;
  mappings: number;
}

/** A port chosen for a new mapping. */
export interface PortChoice {
  readonly pool: PortPool;
  readonly port: number;
}

/** Every external address's pool, pairing and quotas. */
export class ExternalPools {
  /** One pool per external address, in configuration order. */
  readonly pools: readonly PortPool[];
  /** key: external IPv4 (uint32). */
  private readonly byIp = new Map<number, PortPool>();
  /** key: internal IPv4 (uint32). */
  private readonly hosts = new Map<number, HostState>();
  /** Index of the pool round-robin tries first. */
  private next = 0;

  constructor(ips: readonly number[], lo: number, hi: number, holdUs: number) {
    this.pools = ips.map((ip) => new PortPool(ip, lo, hi, holdUs));
    for (const p of this.pools) this.byIp.set(p.ip, p);
  }

  /** The pool of external address `ip`, or undefined when it is not one of ours. */
  find(ip: number): PortPool | undefined {
    // Most NATs have one external address: a comparison, no Map lookup (every packet through the NAT asks).
    const pools = this.pools;
    if (pools.length === 1) return pools[0].ip === ip ? pools[0] : undefined;
    return this.byIp.get(ip);
  }

  /** Mappings held by internal address `ip`. */
  held(ip: number): number {
    return this.hosts.get(ip)?.mappings ?? 0;
  }

  /** Picks an address and port for a new mapping of internalIp:internalPort, or undefined when none is left. */
  choose(internalIp: number, internalPort: number, pooling: Pooling, quota: number, alloc: PortAllocation,
    rng: RandomSource, now: number): PortChoice | undefined {
    const host = this.hosts.get(internalIp);
    if (quota > 0 && host !== undefined && host.mappings >= quota) return undefined;
    if (pooling === 'paired' && host !== undefined) {
      const port = assignPort(host.pool, alloc, rng, internalPort, now);
      return port < 0 ? undefined : { pool: host.pool, port };
    }
    const n = this.pools.length;
    for (let i = 0; i < n; i++) {
      const idx = (this.next + i) % n;
      const port = assignPort(this.pools[idx], alloc, rng, internalPort, now);
      if (port >= 0) {
        this.next = (idx + 1) % n;
        return { pool: this.pools[idx], port };
      }
    }
    return undefined;
  }

  /** Records that `m` now owns its port in `pool`. */
  attach(m: MappingRecord, pool: PortPool): void {
    pool.take(m.externalPort, m);
    const host = this.hosts.get(m.internalIp);
    if (host === undefined) this.hosts.set(m.internalIp, { pool, mappings: 1 });
    else host.mappings++;
  }

  /** Releases `m`'s port; `expiredAt` (µs) is given when it expired (not when flushed). */
  detach(m: MappingRecord, expiredAt?: number): void {
    this.byIp.get(m.externalIp)?.release(m.externalPort, expiredAt);
    const host = this.hosts.get(m.internalIp);
    if (host !== undefined && --host.mappings <= 0) this.hosts.delete(m.internalIp);
  }

  /** Changes every pool's port range and reuse hold (reconfigure). */
  setLimits(lo: number, hi: number, holdUs: number): void {
    for (const p of this.pools) p.setLimits(lo, hi, holdUs);
  }

  /** Every live mapping, by id. */
  mappings(): MappingRecord[] {
    const out: MappingRecord[] = [];
    for (const p of this.pools) for (const m of p.owners.values()) out.push(m);
    return out.sort((a, b) => a.id - b.id);
  }

  /** Number of live mappings. */
  get size(): number {
    let n = 0;
    for (const p of this.pools) n += p.owners.size;
    return n;
  }
}
