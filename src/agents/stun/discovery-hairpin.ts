/**
 * RFC 5780 §3.4, hairpinning: a second local port sends a Binding request to the first port's mapped address; if
 * the first port receives it, the NAT hairpins. natsim's NAT applies the receiving mapping's filtering to
 * hairpinned packets (RFC 4787 §6), so the first port first sends one Binding indication to the second port's
 * mapped address: under endpoint-independent mapping that opens its filter to exactly the source the hairpinned
 * request will carry (REQ-9a: the sender's mapped address). With a non-endpoint-independent mapping and a
 * non-endpoint-independent filter no client can predict that source, and the test reports false.
 */
import { sameTransactionId } from '../../protocols/stun';
import type { DiscoveryContext } from './discovery-context';
import { formatTransportAddress } from './transport-address';

/** Runs the hairpinning test on two fresh ports; `done` gets true/false, or null when Test I failed. */
export function hairpinTest(ctx: DiscoveryContext, done: (hairpinning: boolean | null) => void): void {
  ctx.probe((h1) => ctx.probe((h2) => {
    const finish = (v: boolean | null): void => {
      ctx.release(h1);
      ctx.release(h2);
      ctx.emit('hairpin-test', { hairpinning: v });
      done(v);
    };
    h1.binding(ctx.server, {}, (o1) => {
      if (o1.kind !== 'success' || !o1.mapped) return finish(null);
      const x1 = o1.mapped;
      h2.binding(ctx.server, {}, (o2) => {
        if (o2.kind !== 'success' || !o2.mapped) return finish(null);
        h1.indicate(o2.mapped);
        // The priming indication may itself hairpin to h2 (when h2's filter allows it): expected, not an error.
        h2.onUnmatched = (p) => p.message?.class === 'indication';
        const tx = h2.binding(x1, {}, () => finish(false));
        h1.onUnmatched = (p) => {
          if (!p.message || p.message.class !== 'request' || !sameTransactionId(p.message.transactionId, tx.id)) return false;
          finish(true);
          return true;
        };
        ctx.emit('hairpin-probe', { from: formatTransportAddress(o2.mapped), to: formatTransportAddress(x1) });
      });
    });
  }));
}
