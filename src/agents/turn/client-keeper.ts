/**
 * Keeps a client's allocation alive (RFC 8656 §8, §9, §12): sends CreatePermission and ChannelBind for the
 * client, records what succeeded, and from one timer refreshes the allocation ~1 minute before it expires, each
 * permission before its 300 s and each channel before its 600 s, retrying a timed-out refresh a little later.
 * It reports the allocation as lost on 437 (§5, §8.3) or when it expires unrefreshed.
 */
import { StunMethod, type StunMessage } from '../../protocols/stun';
import { permissionErrorAdvice, refreshErrorAdvice, type TransportAddress } from '../../protocols/turn';
import type { Timers } from '../../sim/timers';
import { toStunAddress } from './addresses';
import type { TurnClientConfig } from './client-config';
import { ClientRelayState } from './client-relay-state';
import type { TurnRequester, TurnRequestResult } from './client-requester';
import type { TurnClientStats } from './client-stats';
import { DeadlineTimer } from './deadline-timer';

/** A failed refresh that timed out is tried again after this long while the allocation lives, ms. */
export const REFRESH_RETRY_MS = 5_000;

/** What the keeper tells its client. */
export interface KeeperHooks {
  /** The allocation is gone: 'expired' or 'mismatch' (437). */
  lost(reason: string): void;
  /** A Refresh succeeded with LIFETIME `lifetimeS`. */
  refreshed(lifetimeS: number): void;
  trace(event: string, data: Record<string, unknown>): void;
}

/** Client-side allocation upkeep, active between start() and stop(). */
export class AllocationKeeper {
  /** What the client believes about its allocation, permissions and channels. */
  readonly relay: ClientRelayState;
  private readonly timer: DeadlineTimer;
  private active = false;

  constructor(
    private readonly config: TurnClientConfig,
    private readonly requester: TurnRequester,
    private readonly timers: Timers,
    private readonly stats: TurnClientStats,
    private readonly hooks: KeeperHooks,
  ) {
    this.relay = new ClientRelayState(config.refreshMarginS, config.autoRefresh);
    this.timer = new DeadlineTimer(timers, () => this.onTimer());
  }

  /** An allocation was granted now with LIFETIME `lifetimeS`: start keeping it. */
  start(lifetimeS: number): void {
    this.relay.reset();
    this.active = true;
    this.relay.onAllocation(this.timers.now(), lifetimeS);
    this.rearm();
  }

  /** Stop keeping the allocation (closed or lost): forget everything, cancel the timer. */
  stop(): void {
    this.active = false;
    this.timer.cancel();
    this.relay.reset();
  }

  /** CreatePermission for `ips` (RFC 8656 §10.1: one XOR-PEER-ADDRESS each; ports are ignored, §9). */
  createPermission(ips: readonly string[], done: (r: TurnRequestResult) => void): void {
    const fill = (m: StunMessage): void => {
      for (const ip of ips) m.add('XOR-PEER-ADDRESS', toStunAddress({ address: ip, port: 0 }));
    };
    this.requester.send(StunMethod.CreatePermission, fill, (r) => {
      if (r.ok && this.active) {
        this.relay.onPermissions(ips, this.timers.now());
        this.rearm();
      } else if (!r.ok) this.onRequestError(r, 'CreatePermission');
      done(r);
    });
  }

  /** ChannelBind `channel` <-> `peer` (RFC 8656 §12.1); success also (re)installs the peer IP's permission. */
  bindChannel(channel: number, peer: TransportAddress, done: (r: TurnRequestResult) => void): void {
    const fill = (m: StunMessage): void => void m.add('CHANNEL-NUMBER', channel).add('XOR-PEER-ADDRESS', toStunAddress(peer));
    this.requester.send(StunMethod.ChannelBind, fill, (r) => {
      if (r.ok && this.active) {
        this.relay.onChannelBound(channel, peer, this.timers.now());
        this.rearm();
      } else if (!r.ok) this.onRequestError(r, 'ChannelBind');
      done(r);
    });
  }

  /** RFC 8656 §5, §10.3, §12.3: 437 to any request means the allocation is gone. */
  private onRequestError(r: Extract<TurnRequestResult, { ok: false }>, method: 'CreatePermission' | 'ChannelBind'): void {
    if (r.error.code !== undefined && permissionErrorAdvice(r.error.code, method).action === 'allocation-gone') this.lose('mismatch');
  }

  private onTimer(): void {
    if (!this.active) return;
    const now = this.timers.now();
    if (this.relay.expiresAt !== undefined && now >= this.relay.expiresAt) return this.lose('expired');
    for (const action of this.relay.takeDue(now)) {
      if (action.kind === 'refresh-allocation') this.refreshAllocation();
      else if (action.kind === 'refresh-permissions') this.refreshPermissions(action.peerIps);
      else this.refreshChannel(action.channel, action.peer);
    }
    this.rearm();
  }

  /** Refresh (RFC 8656 §8.1) with the configured LIFETIME; 437 means the allocation is gone (§8.3). */
  private refreshAllocation(): void {
    const lifetimeS = this.config.lifetimeS;
    this.requester.send(StunMethod.Refresh, (m) => void (lifetimeS !== undefined && m.add('LIFETIME', lifetimeS)), (r) => {
      if (!this.active) return;
      const granted = r.ok ? r.response.get('LIFETIME') : undefined;
      if (r.ok && granted !== undefined) {
        this.stats.allocationRefreshes++;
        this.relay.onAllocation(this.timers.now(), granted);
        this.rearm();
        this.hooks.refreshed(granted);
      } else if (!r.ok && r.error.code !== undefined && refreshErrorAdvice(r.error.code, false).action === 'allocation-gone') {
        this.lose('mismatch');
      } else this.retryLater(r, () => this.refreshAllocation());
    });
  }

  /** CreatePermission again before the 300 s run out (RFC 8656 §9). */
  private refreshPermissions(ips: readonly string[]): void {
    this.createPermission(ips, (r) => (r.ok ? this.stats.permissionRefreshes++ : this.retryLater(r, () => this.refreshPermissions(ips))));
  }

  /** ChannelBind with the same number and peer before the 600 s run out (RFC 8656 §12). */
  private refreshChannel(channel: number, peer: TransportAddress): void {
    this.bindChannel(channel, peer, (r) => (r.ok ? this.stats.channelRefreshes++ : this.retryLater(r, () => this.refreshChannel(channel, peer))));
  }

  /** After a refresh timed out (no error code), tries again in 5 s while the allocation lives. */
  private retryLater(r: TurnRequestResult, fn: () => void): void {
    const exp = this.relay.expiresAt;
    if (r.ok || r.error.code !== undefined || !this.active) return;
    if (exp === undefined || this.timers.now() + REFRESH_RETRY_MS >= exp) return;
    this.hooks.trace('refresh-retry', { method: r.error.method, inMs: REFRESH_RETRY_MS });
    this.timers.setTimeout(() => {
      if (this.active) fn();
    }, REFRESH_RETRY_MS);
  }

  private lose(reason: string): void {
    if (!this.active) return;
    this.stop();
    this.hooks.lost(reason);
  }

  private rearm(): void {
    this.timer.set(this.active ? this.relay.nextWakeAt() : undefined);
  }
}
