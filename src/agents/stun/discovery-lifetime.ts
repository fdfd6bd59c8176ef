/**
 * RFC 5780 §4.6, binding lifetime: port X sends a Binding request and learns its public port Pp; after an idle
 * time, a fresh port Y sends a Binding request with RESPONSE-PORT = Pp. If X receives the answer, X's binding
 * survived the idle time; if Y receives it (the NAT reused the port) or nobody does, it expired. Each probe uses
 * fresh ports, so probes never refresh one another; LifetimeSearch picks the idle times. Then two probes tell
 * outbound refresh (X sends only a Binding indication, at 0.6 L) from inbound refresh (only RESPONSE-PORT answers
 * reach X, every 0.4 L, until 1.6 L).
 */
import { sameTransactionId } from '../../protocols/stun';
import type { DiscoveryContext } from './discovery-context';
import type { LifetimeBounds } from './discovery-types';
import { LifetimeSearch, LifetimeSearchConfig } from './lifetime-search';
import type { ProbeSocket } from './probe-socket';

/** What the lifetime tests found. */
export interface LifetimeFindings {
  readonly lifetimeMs: number | null;
  readonly bounds?: LifetimeBounds;
  readonly outboundRefresh?: boolean;
  readonly inboundRefresh?: boolean;
}

/** From a fresh port Y, asks the server to answer at public port `pp`; true when X hears it, null on a server error. */
function askViaResponsePort(ctx: DiscoveryContext, x: ProbeSocket, pp: number, done: (alive: boolean | null) => void): void {
  ctx.probe((y) => {
    const finish = (v: boolean | null): void => {
      x.onUnmatched = undefined;
      ctx.release(y);
      done(v);
    };
    const tx = y.binding(ctx.server, { responsePort: pp }, (o) => {
      if (o.kind === 'error') ctx.notes.push(`lifetime: the server answered RESPONSE-PORT with error ${o.code}`);
      finish(o.kind === 'error' ? null : false);
    });
    x.onUnmatched = (p) => {
      if (!p.message || !sameTransactionId(p.message.transactionId, tx.id)) return false;
      finish(true);
      return true;
    };
  });
}

/** Opens X, binds it, and hands its public port to `then` (null when Test I failed). */
function freshBinding(ctx: DiscoveryContext, then: (x: ProbeSocket, pp: number | null) => void): void {
  ctx.probe((x) => x.binding(ctx.server, {}, (o) => then(x, o.kind === 'success' && o.mapped ? o.mapped.port : null)));
}

/** Is a fresh binding alive after `idleMs` without traffic? */
function probeIdle(ctx: DiscoveryContext, idleMs: number, done: (alive: boolean | null) => void): void {
  freshBinding(ctx, (x, pp) => {
    const end = (v: boolean | null): void => {
      ctx.release(x);
      done(v);
    };
    if (pp === null) return end(null);
    ctx.after(idleMs, () => askViaResponsePort(ctx, x, pp, end));
  });
}

/** Outbound refresh: a Binding indication from X at 0.6 L keeps the binding alive at 1.2 L. */
function outboundRefreshProbe(ctx: DiscoveryContext, lifetimeMs: number, done: (v: boolean | null) => void): void {
  freshBinding(ctx, (x, pp) => {
    const end = (v: boolean | null): void => {
      ctx.release(x);
      done(v);
    };
    if (pp === null) return end(null);
    const half = Math.round(lifetimeMs * 0.6);
    ctx.after(half, () => {
      x.indicate(ctx.server);
      ctx.after(half, () => askViaResponsePort(ctx, x, pp, end));
    });
  });
}

/** Inbound refresh: answers reaching X every 0.4 L (X silent) keep the binding alive up to 1.6 L. */
function inboundRefreshProbe(ctx: DiscoveryContext, lifetimeMs: number, done: (v: boolean | null) => void): void {
  freshBinding(ctx, (x, pp) => {
    const end = (v: boolean | null): void => {
      ctx.release(x);
      done(v);
    };
    if (pp === null) return end(null);
    const start = ctx.env.timers.now();
    const step = (k: number): void => {
      ctx.after(start + k * 0.4 * lifetimeMs - ctx.env.timers.now(), () => askViaResponsePort(ctx, x, pp, (alive) => {
        if (alive !== true || k === 4) end(alive);
        else step(k + 1);
      }));
    };
    step(1);
  });
}

/** Runs the lifetime search, then (cfg.refresh) the two refresh probes. */
export function lifetimeTests(ctx: DiscoveryContext, cfg: LifetimeSearchConfig, done: (f: LifetimeFindings) => void): void {
  const search = new LifetimeSearch(cfg);
  const step = (): void => {
    const idle = search.next();
    if (idle === undefined) return afterSearch();
    probeIdle(ctx, idle, (alive) => {
      ctx.emit('lifetime-probe', { idleMs: idle, alive });
      if (alive === null) {
        ctx.notes.push(`lifetime: the probe at ${idle} ms got no answer to Test I or RESPONSE-PORT; search stopped`);
        return done({ lifetimeMs: null });
      }
      search.record(idle, alive);
      step();
    });
  };
  const afterSearch = (): void => {
    const r = search.result;
    const bounds: LifetimeBounds = { aliveMs: r.aliveMs, expiredMs: r.expiredMs, probes: r.probes };
    if (r.lifetimeMs === null) ctx.notes.push(`lifetime: the binding outlived the longest probe (${cfg.maxMs} ms)`);
    if (r.lifetimeMs === null || !cfg.refresh) return done({ lifetimeMs: r.lifetimeMs, bounds });
    const lifetimeMs = r.lifetimeMs;
    outboundRefreshProbe(ctx, lifetimeMs, (outbound) => inboundRefreshProbe(ctx, lifetimeMs, (inbound) => done({
      lifetimeMs, bounds, ...(outbound !== null ? { outboundRefresh: outbound } : {}), ...(inbound !== null ? { inboundRefresh: inbound } : {}),
    })));
  };
  step();
}
