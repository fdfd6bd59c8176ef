/**
 * The channel bindings of one allocation (RFC 8656 §12, §12.2). A binding ties a channel number (0x4000-0x4FFF)
 * to one peer transport address, uniquely both ways; it lasts 600 s and is refreshed only by a ChannelBind with the
 * same number and peer (never by ChannelData, §12.6). After it expires, the number and the peer are held for 5
 * minutes: during the hold they may be bound again only to each other (§12 makes the client wait; we enforce it).
 */
import { TURN_ERROR, turnFailure, type TurnFailure } from './error-codes';
import { CHANNEL_NUMBER_MAX, CHANNEL_NUMBER_MIN, formatChannelNumber, isBindableChannelNumber } from './channel-numbers';
import { CHANNEL_LIFETIME_S, CHANNEL_REUSE_HOLD_S, MS_PER_SECOND } from './lifetimes';
import { transportAddressKey, type TransportAddress } from './types';

/** A live channel binding. */
export interface ChannelBinding {
  readonly channel: number;
  readonly peer: TransportAddress;
  /** Expiry time, ms. */
  readonly expiresAt: number;
}

/** A binding that expired (the number and peer are now held). */
export interface ExpiredChannel {
  readonly channel: number;
  readonly peer: TransportAddress;
  /** Scheduled expiry time, ms. */
  readonly at: number;
}

/** A post-expiry hold that ended: the number and peer may now be bound to anything. */
export interface ReleasedChannelHold {
  readonly channel: number;
  readonly peer: TransportAddress;
  /** When the hold ended, ms. */
  readonly at: number;
}

/** Successful ChannelBind on the binding list. */
export interface ChannelBindSuccess {
  readonly ok: true;
  readonly outcome: 'created' | 'refreshed';
  readonly expiresAt: number;
}

/** Options for ChannelBindings. */
export interface ChannelBindingsInit {
  /** Binding lifetime, ms. @default 600000 (RFC 8656 §12) */
  lifetimeMs?: number;
  /** Hold after expiry, ms. @default 300000 (RFC 8656 §12) */
  holdMs?: number;
  /** Most bindings per allocation; more gives 508 (RFC 8656 §12.2). @default 4096 (the whole range) */
  maxBindings?: number;
  /**
   * Also accept RFC 5766 channel numbers 0x5000-0x7FFF (RFC 5766 §11), as coturn does, for RFC 5766 clients.
   * @default false (RFC 8656 §12.2: 0x4000-0x4FFF only)
   */
  legacyChannelNumbers?: boolean;
}

interface Hold {
  readonly channel: number;
  readonly peer: TransportAddress;
  readonly peerKey: string;
  readonly until: number;
}

/** Per-allocation channel bindings. All times are ms on the caller's clock. */
export class ChannelBindings {
  private readonly lifetimeMs: number;
  private readonly holdMs: number;
  private readonly maxBindings: number;
  private readonly legacy: boolean;
  /** key: channel number -> binding (live, or expired and not yet swept). */
  private readonly byChannel = new Map<number, ChannelBinding>();
  /** key: transportAddressKey(peer) -> channel number. */
  private readonly byPeer = new Map<string, number>();
  /** key: channel number -> hold after its binding expired. */
  private readonly holdByChannel = new Map<number, Hold>();
  /** key: transportAddressKey(peer) -> hold after its binding expired. */
  private readonly holdByPeer = new Map<string, Hold>();
  /** Expiries found while sweeping inside bind(), handed out by the next expire(). */
  private pending: ExpiredChannel[] = [];

  constructor(init: ChannelBindingsInit = {}) {
    this.lifetimeMs = init.lifetimeMs ?? CHANNEL_LIFETIME_S * MS_PER_SECOND;
    this.holdMs = init.holdMs ?? CHANNEL_REUSE_HOLD_S * MS_PER_SECOND;
    this.maxBindings = init.maxBindings ?? CHANNEL_NUMBER_MAX - CHANNEL_NUMBER_MIN + 1;
    this.legacy = init.legacyChannelNumbers ?? false;
  }

  /**
   * Creates or refreshes the binding `channel` <-> `peer` (RFC 8656 §12.2). Fails with 400 when the number is
   * outside 0x4000-0x4FFF, bound or held for another peer, or the peer is bound or held for another number; with
   * 508 when the allocation already has `maxBindings` bindings. The caller also installs the peer's permission.
   */
  bind(channel: number, peer: TransportAddress, now: number): ChannelBindSuccess | TurnFailure {
    if (!isBindableChannelNumber(channel, this.legacy)) {
      return turnFailure(TURN_ERROR.BAD_REQUEST, `channel number ${fmt(channel)} is outside 0x4000-${this.legacy ? '0x7FFF' : '0x4FFF'}`);
    }
    this.sweep(now);
    const peerKey = transportAddressKey(peer);
    const conflict = this.conflict(channel, peerKey, now);
    if (conflict) return turnFailure(TURN_ERROR.BAD_REQUEST, conflict);
    const existing = this.byChannel.get(channel);
    if (!existing && this.byChannel.size >= this.maxBindings) {
      return turnFailure(TURN_ERROR.INSUFFICIENT_CAPACITY, `allocation already has ${this.maxBindings} channels`);
    }
    const expiresAt = now + this.lifetimeMs;
    this.byChannel.set(channel, { channel, peer, expiresAt });
    this.byPeer.set(peerKey, channel);
    this.dropHold(this.holdByChannel.get(channel));
    this.dropHold(this.holdByPeer.get(peerKey));
    return { ok: true, outcome: existing ? 'refreshed' : 'created', expiresAt };
  }

  /** The peer bound to `channel` at `now`, or undefined (RFC 8656 §12.6: unbound channel -> discard). */
  peerForChannel(channel: number, now: number): TransportAddress | undefined {
    const b = this.byChannel.get(channel);
    return b && now < b.expiresAt ? b.peer : undefined;
  }

  /** The channel bound to `peer` at `now`, or undefined (RFC 8656 §11.3: no channel -> Data indication). */
  channelForPeer(peer: TransportAddress, now: number): number | undefined {
    const ch = this.byPeer.get(transportAddressKey(peer));
    return ch !== undefined ? (this.peerForChannel(ch, now) ? ch : undefined) : undefined;
  }

  /** Live bindings at `now`, in creation order. */
  list(now: number): ChannelBinding[] {
    return [...this.byChannel.values()].filter((b) => now < b.expiresAt);
  }

  /** Bindings held (live or not yet swept). */
  get size(): number {
    return this.byChannel.size;
  }

  /** Removes bindings with expiry <= now (they become holds) and holds ending <= now; returns both, earliest first. */
  expire(now: number): { channels: ExpiredChannel[]; holdsReleased: ReleasedChannelHold[] } {
    this.sweep(now);
    const channels = this.pending.sort((a, b) => a.at - b.at);
    this.pending = [];
    const holdsReleased: ReleasedChannelHold[] = [];
    for (const h of this.holdByChannel.values()) {
      if (h.until <= now) holdsReleased.push({ channel: h.channel, peer: h.peer, at: h.until });
    }
    for (const r of holdsReleased) this.dropHold(this.holdByChannel.get(r.channel));
    return { channels, holdsReleased: holdsReleased.sort((a, b) => a.at - b.at) };
  }

  /** Earliest binding expiry or hold end (ms), or undefined when there is nothing to wait for. */
  nextExpiry(): number | undefined {
    let min: number | undefined;
    const see = (t: number): void => {
      if (min === undefined || t < min) min = t;
    };
    if (this.pending.length > 0) see(Math.min(...this.pending.map((p) => p.at)));
    for (const b of this.byChannel.values()) see(b.expiresAt);
    for (const h of this.holdByChannel.values()) see(h.until);
    return min;
  }

  private conflict(channel: number, peerKey: string, now: number): string | undefined {
    const bound = this.byChannel.get(channel);
    if (bound && transportAddressKey(bound.peer) !== peerKey) {
      return `channel ${fmt(channel)} is bound to ${transportAddressKey(bound.peer)}`;
    }
    const peerChannel = this.byPeer.get(peerKey);
    if (peerChannel !== undefined && peerChannel !== channel) {
      return `peer ${peerKey} is bound to channel ${fmt(peerChannel)}`;
    }
    const ch = this.holdByChannel.get(channel);
    if (ch && now < ch.until && ch.peerKey !== peerKey) {
      return `channel ${fmt(channel)} expired for ${ch.peerKey} and is held until ${ch.until} ms (RFC 8656 §12)`;
    }
    const ph = this.holdByPeer.get(peerKey);
    if (ph && now < ph.until && ph.channel !== channel) {
      return `peer ${peerKey} expired on channel ${fmt(ph.channel)} and is held until ${ph.until} ms (RFC 8656 §12)`;
    }
    return undefined;
  }

  /** Turns bindings with expiry <= now into holds, queueing them for expire(). */
  private sweep(now: number): void {
    for (const b of this.byChannel.values()) {
      if (b.expiresAt > now) continue;
      const peerKey = transportAddressKey(b.peer);
      this.byChannel.delete(b.channel);
      this.byPeer.delete(peerKey);
      const hold: Hold = { channel: b.channel, peer: b.peer, peerKey, until: b.expiresAt + this.holdMs };
      this.holdByChannel.set(b.channel, hold);
      this.holdByPeer.set(peerKey, hold);
      this.pending.push({ channel: b.channel, peer: b.peer, at: b.expiresAt });
    }
  }

  private dropHold(h: Hold | undefined): void {
    if (!h) return;
    if (this.holdByChannel.get(h.channel) === h) this.holdByChannel.delete(h.channel);
    if (this.holdByPeer.get(h.peerKey) === h) this.holdByPeer.delete(h.peerKey);
  }
}

function fmt(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 0xffff ? formatChannelNumber(n) : String(n);
}
