/**
 * The server's allocations (RFC 8656 §6-§12) as a pure table: no sockets, no timers; every call takes `now` (ms).
 * Keys: allocations by fiveTupleKey (`"udp 198.51.100.2:50000 > 203.0.113.1:3478"`), by relayed port (one relay
 * address per table), and by username (for the §7.2 quota). Requests return a success object or a TurnFailure
 * with the RFC's error code; time passing is reported by expire(now), scheduled with nextExpiry().
 */
import type { RandomSource } from '../../sim/rng';
import { Allocation } from './allocation';
import { isTurnFailure, TURN_ERROR, turnFailure, type TurnFailure } from './error-codes';
import { TurnConfigError } from './errors';
import { endAllocation, expireInside, type AllocationExpiry, type TurnExpiry } from './expiry-events';
import { grantedAllocateLifetime, lifetimePolicy, MS_PER_SECOND, RESERVATION_LIFETIME_S } from './lifetimes';
import type { LifetimePolicy, LifetimePolicyInit } from './lifetimes';
import { RelayPortPool, type RelayPortPoolInit } from './relay-port-pool';
import { relayAddressSet, relayFamilies, type RelayAddressSet } from './relay-families';
import { ReservationTable } from './reservations';
import { addressFamily, fiveTupleKey, type AddressFamily, type TurnFiveTuple } from './types';
import type {
  AllocateInput,
  AllocateSuccess,
  ChannelBindInput,
  ChannelBindOk,
  CreatePermissionInput,
  CreatePermissionOk,
  RefreshInput,
  RefreshOk,
} from './allocation-requests';

/** Options for an AllocationTable. */
export interface AllocationTableInit {
  /** The relayed transport address's IP (XOR-RELAYED-ADDRESS). Required unless `relayAddresses` is given. */
  relayAddress?: string;
  /**
   * Relay addresses, at most one per family (RFC 8656 §7.1: an IPv4 and an IPv6 one for dual allocations). A dual
   * allocation takes one port from `relayPorts` and uses it on both addresses.
   * @default [relayAddress]
   */
  relayAddresses?: readonly string[];
  /** Relay port range and strategy. @default 49152-65535, random when `random` is given, else sequential */
  relayPorts?: RelayPortPoolInit;
  /** Randomness for relay ports and reservation tokens (the server's HostEnv.random, forked). @default none */
  random?: RandomSource;
  /** Allocation lifetimes. @default default 600 s, max 3600 s (RFC 8656 §6, §7.2) */
  lifetime?: LifetimePolicyInit;
  /** Most live allocations per username (RFC 8656 §7.2, 486). @default Infinity (no quota, like coturn's 0) */
  userQuota?: number;
  /** Most live allocations in total (508 beyond). @default Infinity */
  maxAllocations?: number;
  /** Most channel bindings per allocation (508 beyond, §12.2). @default 4096 */
  maxChannelsPerAllocation?: number;
  /** Most peer permissions per allocation (508 beyond, §10.2). @default Infinity */
  maxPermissionsPerAllocation?: number;
  /** How long an EVEN-PORT R=1 reservation is held, seconds (§7.2: >= 30). @default 30 */
  reservationLifetimeS?: number;
  /**
   * ChannelBind also accepts RFC 5766 numbers 0x5000-0x7FFF (RFC 5766 §11; coturn accepts them and its
   * turnutils_uclient picks them). @default false (RFC 8656 §12.2: 0x4000-0x4FFF only)
   */
  legacyChannelNumbers?: boolean;
}

/** Pure server-side allocation state. */
export class AllocationTable {
  /** The first relay address given. */
  readonly relayAddress: string;
  /** Relay address per family. */
  readonly relayAddresses: RelayAddressSet;
  readonly lifetime: LifetimePolicy;
  readonly userQuota: number;
  readonly maxAllocations: number;
  readonly ports: RelayPortPool;
  /** ChannelBind accepts 0x4000-0x7FFF (RFC 5766) instead of 0x4000-0x4FFF. */
  readonly legacyChannelNumbers: boolean;
  private readonly maxChannels: number | undefined;
  readonly maxPermissions: number;
  private readonly reservations: ReservationTable;
  /** key: fiveTupleKey -> allocation (live, or expired and not yet swept). */
  private readonly byKey = new Map<string, Allocation>();
  /** key: relayed port -> allocation. */
  private readonly byPort = new Map<number, Allocation>();
  /** key: username ('' when unauthenticated) -> keys of that user's allocations. */
  private readonly byUser = new Map<string, Set<string>>();
  /** key: a port reserved by EVEN-PORT R=1 -> the families of the allocation that reserved it (RFC 8656 §7.2). */
  private readonly reservedFamilies = new Map<number, readonly AddressFamily[]>();
  /** Expiries found by a request's sweep, handed out by the next expire(). */
  private pending: TurnExpiry[] = [];

  constructor(init: AllocationTableInit, path = 'turn') {
    if (init.relayAddresses === undefined && (typeof init.relayAddress !== 'string' || init.relayAddress === '')) {
      throw new TurnConfigError(`${path}.relayAddress`, 'is required (the IP of XOR-RELAYED-ADDRESS)');
    }
    const list = init.relayAddresses ?? [init.relayAddress as string];
    this.relayAddresses = relayAddressSet(list, `${path}.relayAddresses`);
    this.relayAddress = list[0];
    this.lifetime = lifetimePolicy(init.lifetime, `${path}.lifetime`);
    this.userQuota = positiveLimit(init.userQuota, `${path}.userQuota`);
    this.maxAllocations = positiveLimit(init.maxAllocations, `${path}.maxAllocations`);
    this.maxChannels = init.maxChannelsPerAllocation;
    this.maxPermissions = positiveLimit(init.maxPermissionsPerAllocation, `${path}.maxPermissionsPerAllocation`);
    this.legacyChannelNumbers = init.legacyChannelNumbers ?? false;
    const relayPorts = { random: init.random, ...init.relayPorts };
    this.ports = new RelayPortPool(relayPorts, `${path}.relayPorts`);
    const resS = init.reservationLifetimeS ?? RESERVATION_LIFETIME_S;
    if (!(resS >= RESERVATION_LIFETIME_S)) {
      throw new TurnConfigError(`${path}.reservationLifetimeS`, `${resS} must be >= 30 (RFC 8656 §7.2)`);
    }
    this.reservations = new ReservationTable(init.random, resS * MS_PER_SECOND);
  }

  /**
   * Allocate (RFC 8656 §7.2, after authentication and attribute checks): 437 if the 5-tuple has a live allocation
   * (unless this is a retransmission with the same transaction id, answered again), 486 over the user's quota,
   * 508 over capacity, with an invalid reservation token, or without a free port meeting EVEN-PORT.
   */
  allocate(req: AllocateInput, now: number): AllocateSuccess | TurnFailure {
    this.sweep(now);
    const key = fiveTupleKey(req.fiveTuple);
    const existing = this.byKey.get(key);
    if (existing) {
      if (req.transactionId !== undefined && req.transactionId === existing.transactionId) {
        return { ok: true, allocation: existing, lifetimeS: existing.lifetimeLeft(now), replayed: true };
      }
      return turnFailure(TURN_ERROR.ALLOCATION_MISMATCH, `5-tuple ${key} already has an allocation`);
    }
    const user = req.username ?? '';
    if ((this.byUser.get(user)?.size ?? 0) >= this.userQuota) {
      return turnFailure(TURN_ERROR.ALLOCATION_QUOTA_REACHED, `user '${user}' has ${this.userQuota} allocations`);
    }
    if (this.byKey.size >= this.maxAllocations) {
      return turnFailure(TURN_ERROR.INSUFFICIENT_CAPACITY, `server holds ${this.maxAllocations} allocations`);
    }
    const port = this.takePort(req, now);
    if (typeof port !== 'number') return port;
    // A reserved port keeps the family of the allocation that reserved it (§7.2: "the previously reserved address").
    const families = (req.reservationToken !== undefined ? this.reservedFamilies.get(port) : undefined) ?? req.families ?? [addressFamily(this.relayAddress)];
    this.reservedFamilies.delete(port);
    const reservationToken = req.evenPort?.reserve && !req.reservationToken ? this.reservations.reserve(port + 1, now) : undefined;
    if (reservationToken !== undefined) this.reservedFamilies.set(port + 1, families);
    const lifetimeS = grantedAllocateLifetime(req.lifetimeS, this.lifetime);
    const [first, other] = families;
    const allocation = new Allocation({
      fiveTuple: req.fiveTuple,
      username: req.username,
      relayed: { address: this.relayAddressOf(first), port },
      relayedOther: other === undefined ? undefined : { address: this.relayAddressOf(other), port },
      createdAt: now,
      expiresAt: now + lifetimeS * MS_PER_SECOND,
      transactionId: req.transactionId,
      channels: { maxBindings: this.maxChannels, legacyChannelNumbers: this.legacyChannelNumbers },
    });
    this.byKey.set(key, allocation);
    this.byPort.set(port, allocation);
    let keys = this.byUser.get(user);
    if (!keys) this.byUser.set(user, (keys = new Set()));
    keys.add(key);
    return { ok: true, allocation, lifetimeS, reservationToken, replayed: false };
  }

  /**
   * Refresh (RFC 8656 §8.2): 437 without a live allocation, 441 for another username; otherwise sets the expiry to
   * the desired lifetime, or deletes the allocation when LIFETIME is 0 (`deleted` then describes it).
   */
  refresh(req: RefreshInput, now: number): RefreshOk | TurnFailure {
    const a = this.owned(req.fiveTuple, req.username, now);
    if (isTurnFailure(a)) return a;
    if (req.lifetimeS === 0) {
      const events = this.remove(a, now, 'deleted');
      const deleted = events.pop() as AllocationExpiry;
      this.pending.push(...events);
      return { ok: true, lifetimeS: 0, allocation: a, deleted };
    }
    const lifetimeS = grantedAllocateLifetime(req.lifetimeS, this.lifetime);
    a.setExpiry(now + lifetimeS * MS_PER_SECOND);
    return { ok: true, lifetimeS, allocation: a };
  }

  /**
   * CreatePermission (RFC 8656 §10.2): 437 / 441 as for Refresh; otherwise installs or refreshes a 300 s
   * permission for each peer IP (ports are ignored, §9); 508 when that would exceed maxPermissionsPerAllocation.
   * Address policy (403) is the caller's check.
   */
  createPermission(req: CreatePermissionInput, now: number): CreatePermissionOk | TurnFailure {
    const a = this.owned(req.fiveTuple, req.username, now);
    if (isTurnFailure(a)) return a;
    const full = this.permissionsFull(a, req.peerIps, now);
    if (full) return full;
    const installed = req.peerIps.map((peerIp) => ({ peerIp, ...a.permissions.install(peerIp, now) }));
    return { ok: true, allocation: a, installed };
  }

  /**
   * ChannelBind (RFC 8656 §12.2): 437 / 441 as for Refresh; 400 for a number outside 0x4000-0x4FFF or bound/held
   * for another peer (or the peer for another number); 508 over the channel limit. On success it also installs or
   * refreshes the peer IP's permission (§12.2).
   */
  channelBind(req: ChannelBindInput, now: number): ChannelBindOk | TurnFailure {
    const a = this.owned(req.fiveTuple, req.username, now);
    if (isTurnFailure(a)) return a;
    const full = this.permissionsFull(a, [req.peer.address], now);
    if (full) return full;
    const bound = a.channels.bind(req.channel, req.peer, now);
    if (!bound.ok) return bound;
    const permission = a.permissions.install(req.peer.address, now);
    return { ok: true, allocation: a, outcome: bound.outcome, expiresAt: bound.expiresAt, permission };
  }

  /** The live allocation on `fiveTuple` at `now`, if any (RFC 8656 §5: every message is matched by 5-tuple). */
  find(fiveTuple: TurnFiveTuple, now: number): Allocation | undefined {
    const a = this.byKey.get(fiveTupleKey(fiveTuple));
    return a && a.isLive(now) ? a : undefined;
  }

  /** The live allocation whose relayed port is `port` at `now`, if any (RFC 8656 §11.3). */
  findByRelayedPort(port: number, now: number): Allocation | undefined {
    const a = this.byPort.get(port);
    return a && a.isLive(now) ? a : undefined;
  }

  /** Live allocations at `now`, in creation order. */
  list(now: number): Allocation[] {
    return [...this.byKey.values()].filter((a) => a.isLive(now));
  }

  /** Live allocations of `username` ('' or undefined: unauthenticated) at `now`. */
  countForUser(username: string | undefined, now: number): number {
    const keys = this.byUser.get(username ?? '');
    return keys ? [...keys].filter((k) => this.byKey.get(k)?.isLive(now)).length : 0;
  }

  /**
   * Removes everything that lapsed by `now` and reports it, earliest first: allocations (their relay ports are
   * freed), permissions, channel bindings, channel holds, reservations. Also returns what requests swept earlier.
   */
  expire(now: number): TurnExpiry[] {
    this.sweep(now);
    const out = this.pending;
    this.pending = [];
    for (const a of this.byKey.values()) out.push(...expireInside(a, now));
    for (const r of this.reservations.expire(now)) {
      this.ports.release(r.port);
      this.reservedFamilies.delete(r.port);
      out.push({ kind: 'reservation', ...r });
    }
    return out.sort((x, y) => x.at - y.at);
  }

  /** When expire() next has something to report (ms), or undefined when nothing is pending. */
  nextExpiry(): number | undefined {
    let min = this.pending.length > 0 ? Math.min(...this.pending.map((e) => e.at)) : undefined;
    const see = (t: number | undefined): void => {
      if (t !== undefined && (min === undefined || t < min)) min = t;
    };
    for (const a of this.byKey.values()) see(a.nextExpiry());
    see(this.reservations.nextExpiry());
    return min;
  }

  /**
   * The live allocation a non-Allocate request may act on: 437 without one, 441 when it was created by another
   * username (RFC 8656 §5). Compares usernames exactly; undefined (no authentication) matches only undefined.
   */
  owned(fiveTuple: TurnFiveTuple, username: string | undefined, now: number): Allocation | TurnFailure {
    const a = this.find(fiveTuple, now);
    if (!a) return turnFailure(TURN_ERROR.ALLOCATION_MISMATCH, `no allocation on 5-tuple ${fiveTupleKey(fiveTuple)}`);
    if (a.username !== username) {
      return turnFailure(
        TURN_ERROR.WRONG_CREDENTIALS,
        `allocation belongs to '${a.username ?? ''}', request used '${username ?? ''}'`,
      );
    }
    return a;
  }

  /** 508 when installing `peerIps` would take `a` over maxPermissions live permissions (RFC 8656 §10.2). */
  private permissionsFull(a: Allocation, peerIps: readonly string[], now: number): TurnFailure | undefined {
    if (this.maxPermissions === Infinity) return undefined;
    const added = new Set(peerIps.filter((ip) => !a.permissions.has(ip, now))).size;
    if (added === 0 || a.permissions.size + added <= this.maxPermissions) return undefined;
    if (a.permissions.list(now).length + added <= this.maxPermissions) return undefined;
    return turnFailure(TURN_ERROR.INSUFFICIENT_CAPACITY, `allocation holds ${this.maxPermissions} permissions`);
  }

  /** This table's relay address of `family` (the caller checked it has one, RFC 8656 §7.2: else 440). */
  private relayAddressOf(family: AddressFamily): string {
    const a = this.relayAddresses[family];
    if (a === undefined) throw new TurnConfigError('turn.relayAddresses', `has no IPv${family} address (families: ${relayFamilies(this.relayAddresses).join(', ')})`);
    return a;
  }

  private takePort(req: AllocateInput, now: number): number | TurnFailure {
    if (req.reservationToken !== undefined) {
      const port = this.reservations.claim(req.reservationToken, now);
      if (port === undefined) {
        return turnFailure(TURN_ERROR.INSUFFICIENT_CAPACITY, `reservation token ${req.reservationToken} is not valid`);
      }
      return port;
    }
    const port = this.ports.acquire({ even: req.evenPort !== undefined, pair: req.evenPort?.reserve === true });
    if (port === undefined) {
      const what = req.evenPort ? (req.evenPort.reserve ? 'even port pair' : 'even port') : 'port';
      return turnFailure(TURN_ERROR.INSUFFICIENT_CAPACITY, `no free relay ${what} in ${this.ports.min}-${this.ports.max}`);
    }
    return port;
  }

  /** Ends allocations whose expiry is <= now, queueing their events. */
  private sweep(now: number): void {
    for (const a of this.byKey.values()) if (!a.isLive(now)) this.pending.push(...this.remove(a, a.expiresAt, 'expired'));
  }

  /** Deletes an allocation at `at`, frees its port, and returns its events (the allocation event last). */
  private remove(a: Allocation, at: number, cause: AllocationExpiry['cause']): TurnExpiry[] {
    this.byKey.delete(a.key);
    this.byPort.delete(a.relayed.port);
    this.ports.release(a.relayed.port);
    const user = a.username ?? '';
    this.byUser.get(user)?.delete(a.key);
    if (this.byUser.get(user)?.size === 0) this.byUser.delete(user);
    return endAllocation(a, at, cause);
  }
}

function positiveLimit(v: number | undefined, path: string): number {
  if (v === undefined) return Infinity;
  if (!(v === Infinity || (Number.isInteger(v) && v >= 1))) {
    throw new TurnConfigError(path, `${v} must be a whole number >= 1 (or leave it out for no limit)`);
  }
  return v;
}
