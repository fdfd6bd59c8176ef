/**
 * Client-side channel number choice (RFC 8656 §12, §12.1): numbers 0x4000-0x4FFF, one per peer, and after a
 * binding expires the client MUST wait 5 minutes before binding that number to another peer or that peer to another
 * number. Times are ms.
 */
import { CHANNEL_NUMBER_MAX, CHANNEL_NUMBER_MIN } from './channel-numbers';
import { CHANNEL_LIFETIME_S, CHANNEL_REUSE_HOLD_S, MS_PER_SECOND } from './lifetimes';
import { transportAddressKey, type TransportAddress } from './types';

interface Assignment {
  readonly channel: number;
  readonly peerKey: string;
  /** When the binding lapses unless refreshed; the hold runs 5 min after. */
  expiresAt: number;
}

/** Picks channel numbers for peers, honouring the 5-minute hold after expiry. */
export class ClientChannelNumbers {
  /** key: channel number -> assignment (bound, or expired and still held). */
  private readonly byChannel = new Map<number, Assignment>();
  /** key: transportAddressKey(peer) -> assignment. */
  private readonly byPeer = new Map<string, Assignment>();

  constructor(
    private readonly lifetimeMs = CHANNEL_LIFETIME_S * MS_PER_SECOND,
    private readonly holdMs = CHANNEL_REUSE_HOLD_S * MS_PER_SECOND,
  ) {}

  /**
   * The number to bind `peer` to at `now`: its current or held number if any, else the lowest number neither bound
   * nor held; undefined when all 4096 are taken.
   */
  numberFor(peer: TransportAddress, now: number): number | undefined {
    const peerKey = transportAddressKey(peer);
    const mine = this.byPeer.get(peerKey);
    if (mine && now < mine.expiresAt + this.holdMs) return mine.channel;
    for (let ch = CHANNEL_NUMBER_MIN; ch <= CHANNEL_NUMBER_MAX; ch++) {
      const a = this.byChannel.get(ch);
      if (!a || now >= a.expiresAt + this.holdMs) return ch;
    }
    return undefined;
  }

  /** A ChannelBind for `channel` <-> `peer` succeeded at `now`. */
  onBound(channel: number, peer: TransportAddress, now: number): void {
    const peerKey = transportAddressKey(peer);
    const old = this.byChannel.get(channel);
    if (old && old.peerKey !== peerKey) this.byPeer.delete(old.peerKey);
    const prev = this.byPeer.get(peerKey);
    if (prev && prev.channel !== channel) this.byChannel.delete(prev.channel);
    const a: Assignment = { channel, peerKey, expiresAt: now + this.lifetimeMs };
    this.byChannel.set(channel, a);
    this.byPeer.set(peerKey, a);
  }

  /** The channel currently bound to `peer` at `now` (not merely held), if any. */
  boundChannel(peer: TransportAddress, now: number): number | undefined {
    const a = this.byPeer.get(transportAddressKey(peer));
    return a && now < a.expiresAt ? a.channel : undefined;
  }
}
