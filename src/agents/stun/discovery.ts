/**
 * The NAT behaviour discovery client (RFC 5780 §4), callback-driven on a HostEnv, so the same run works in the
 * simulator and on real sockets. Order (RFC 5780 §4.5): Test I and the mapping tests on one port, the filtering
 * tests on a fresh port, the hairpinning test on two more, then (optionally) the binding-lifetime search and the
 * refresh probes, each probe on fresh ports. The result carries the RFC 4787 behaviours and the RFC 3489 label.
 */
import type { HostEnv } from '../../net/host-env';
import { classicNatType } from './discovery-classic';
import { DiscoveryContext } from './discovery-context';
import { filteringTests } from './discovery-filtering';
import { hairpinTest } from './discovery-hairpin';
import { lifetimeTests, LifetimeFindings } from './discovery-lifetime';
import { mappingTests } from './discovery-mapping';
import { DISCOVERY_STEPS, type DiscoveryInit, type DiscoveryResult, type DiscoveryStep, type NatBehavior } from './discovery-types';
import { resolveLifetimeSearch, LifetimeSearchConfig } from './lifetime-search';
import type { ProbeSocket } from './probe-socket';
import { resolveTransactionTiming } from './stun-transaction-timing';
import { formatTransportAddress, TransportAddress } from './transport-address';

/** A running discovery. */
export interface DiscoveryHandle {
  /** Stops the run, closing its sockets; `done` is never called. */
  cancel(): void;
  /**
   * Stops the run and calls `done` now with the results of the steps that finished; the others are listed in
   * `unfinished`, and `why` becomes a note. Does nothing once the run has finished.
   */
  stop(why: string): void;
}

type Draft = { -readonly [K in keyof DiscoveryResult]: DiscoveryResult[K] };

/**
 * Runs NAT behaviour discovery from the host `env` against an RFC 5780 server whose primary address (A1:P1) is
 * `server`. `done` is called once, later, with the result.
 * @throws DiscoveryConfigError / StunClientUsageError for bad options (before anything is sent)
 */
export function discoverNat(env: HostEnv, server: TransportAddress, init: DiscoveryInit, done: (result: DiscoveryResult) => void): DiscoveryHandle {
  const run = new DiscoveryRun(env, server, init, done);
  run.start();
  return { cancel: () => run.ctx.cancel(), stop: (why) => run.stop(why) };
}

/** One run's steps, each ending by calling the next. */
class DiscoveryRun {
  readonly ctx: DiscoveryContext;
  private readonly lifetime: LifetimeSearchConfig | undefined;
  private readonly hairpin: boolean;
  private readonly startedAt: number;
  /** The step running now; null before Test I is answered and after the run finished. */
  private step: DiscoveryStep | null = 'mapping';
  private finished = false;
  private readonly draft: Draft = {
    udpReachable: false, natPresent: null, localAddress: null, publicAddress: null, otherAddress: null, mapping: null,
    filtering: null, hairpinning: null, mappingLifetimeMs: null, classic: 'unknown', notes: [], durationMs: 0, transactions: 0,
  };

  constructor(private readonly env: HostEnv, server: TransportAddress, init: DiscoveryInit, private readonly done: (r: DiscoveryResult) => void) {
    const transaction = resolveTransactionTiming(init.transaction, undefined, 'discovery.transaction');
    this.lifetime = init.lifetime ? resolveLifetimeSearch(init.lifetime === true ? {} : init.lifetime) : undefined;
    this.hairpin = init.hairpinning ?? true;
    this.ctx = new DiscoveryContext(env, server, transaction, init.agent ?? 'stun-discovery');
    this.startedAt = env.timers.now();
  }

  start(): void {
    this.ctx.emit('started', { server: formatTransportAddress(this.ctx.server), lifetime: this.lifetime !== undefined });
    this.ctx.probe((s1) => s1.binding(this.ctx.server, {}, (o) => {
      if (o.kind === 'none') {
        this.ctx.notes.push('Test I got no answer: UDP to the server is blocked (or the server is down)');
        return this.afterMapping(s1, null);
      }
      this.draft.udpReachable = true;
      if (o.kind === 'error' || !o.mapped) {
        this.ctx.notes.push(o.kind === 'error' ? `Test I was answered with error ${o.code}` : 'Test I answer had no mapped address');
        return this.afterMapping(s1, null);
      }
      this.onTestOne(s1, o.mapped, o.other);
    }));
  }

  /** RFC 5780 §4.3 Test I answered: NAT present? then tests II and III on the same port. */
  private onTestOne(s1: ProbeSocket, mapped: TransportAddress, other: TransportAddress | undefined): void {
    const locals = this.env.localAddresses();
    const natPresent = !(locals.includes(mapped.address) && mapped.port === s1.port);
    Object.assign(this.draft, {
      natPresent, publicAddress: mapped, otherAddress: other ?? null,
      localAddress: { address: natPresent ? locals[0] ?? '0.0.0.0' : mapped.address, port: s1.port },
    });
    if (!other) {
      this.ctx.notes.push('the server sent no OTHER-ADDRESS (not an RFC 5780 server): mapping and filtering cannot be tested');
      return this.afterMapping(s1, null);
    }
    if (!natPresent) return this.afterMapping(s1, 'endpoint-independent');
    mappingTests(this.ctx, s1, mapped, other, (m) => this.afterMapping(s1, m));
  }

  private afterMapping(s1: ProbeSocket, mapping: NatBehavior | null): void {
    this.ctx.release(s1);
    this.draft.mapping = mapping;
    this.step = 'filtering';
    if (!this.draft.udpReachable) return this.finish();
    if (!this.draft.otherAddress) return this.afterFiltering(null);
    filteringTests(this.ctx, (f) => this.afterFiltering(f));
  }

  private afterFiltering(filtering: NatBehavior | null): void {
    this.draft.filtering = filtering;
    this.step = 'hairpinning';
    if (!this.hairpin) return this.afterHairpin(null);
    hairpinTest(this.ctx, (h) => this.afterHairpin(h));
  }

  private afterHairpin(hairpinning: boolean | null): void {
    this.draft.hairpinning = hairpinning;
    this.step = 'lifetime';
    if (!this.lifetime) return this.finish();
    lifetimeTests(this.ctx, this.lifetime, (f) => this.afterLifetime(f));
  }

  private afterLifetime(f: LifetimeFindings): void {
    this.draft.mappingLifetimeMs = f.lifetimeMs;
    if (f.bounds) this.draft.lifetime = f.bounds;
    if (f.outboundRefresh !== undefined) this.draft.outboundRefresh = f.outboundRefresh;
    if (f.inboundRefresh !== undefined) this.draft.inboundRefresh = f.inboundRefresh;
    this.finish();
  }

  /** DiscoveryHandle.stop: ends the run now with what finished. */
  stop(why: string): void {
    if (this.finished) return;
    const enabled = (st: DiscoveryStep): boolean => (st === 'hairpinning' ? this.hairpin : st === 'lifetime' ? this.lifetime !== undefined : true);
    const from = DISCOVERY_STEPS.indexOf(this.step ?? 'mapping');
    const unfinished = DISCOVERY_STEPS.filter((st, i) => i >= from && enabled(st));
    this.ctx.notes.push(`stopped early (${why}): not finished: ${unfinished.join(', ')}`);
    this.draft.unfinished = unfinished;
    this.finish();
  }

  private finish(): void {
    this.finished = true;
    this.step = null;
    const d = this.draft;
    d.classic = classicNatType(d);
    d.notes = [...this.ctx.notes];
    d.durationMs = this.env.timers.now() - this.startedAt;
    d.transactions = this.ctx.transactions;
    this.ctx.emit('result', {
      mapping: d.mapping, filtering: d.filtering, hairpinning: d.hairpinning, mappingLifetimeMs: d.mappingLifetimeMs, classic: d.classic,
    });
    this.ctx.cancel();
    this.done(Object.freeze({ ...d }));
  }
}
