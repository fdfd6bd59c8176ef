/**
 * RFC 5780 §4.3, mapping behaviour, from the Test I socket: Test II goes to the alternate IP and primary port
 * (A2:P1); the same mapped address as Test I means endpoint-independent mapping. Otherwise Test III goes to the
 * alternate IP and alternate port (A2:P2): the same mapped address as Test II means address-dependent mapping,
 * a different one address-and-port-dependent.
 */
import type { DiscoveryContext } from './discovery-context';
import type { NatBehavior } from './discovery-types';
import type { BindingOutcome, ProbeSocket } from './probe-socket';
import { formatTransportAddress, sameTransportAddress, TransportAddress } from './transport-address';

function mappedOf(o: BindingOutcome): TransportAddress | undefined {
  return o.kind === 'success' ? o.mapped : undefined;
}

/**
 * Runs tests II and III on `sock` (which did Test I and learned `x1` and the server's OTHER-ADDRESS `other`).
 * `done` gets the behaviour, or null when a test got no usable answer (noted in the context).
 */
export function mappingTests(ctx: DiscoveryContext, sock: ProbeSocket, x1: TransportAddress, other: TransportAddress,
  done: (mapping: NatBehavior | null) => void): void {
  const a2p1 = { address: other.address, port: ctx.server.port };
  sock.binding(a2p1, {}, (o2) => {
    const x2 = mappedOf(o2);
    if (!x2) {
      ctx.notes.push(`mapping: Test II to ${formatTransportAddress(a2p1)} got no answer`);
      return done(null);
    }
    ctx.emit('mapping-test', { test: 'II', to: formatTransportAddress(a2p1), mapped: formatTransportAddress(x2) });
    if (sameTransportAddress(x2, x1)) return done('endpoint-independent');
    sock.binding(other, {}, (o3) => {
      const x3 = mappedOf(o3);
      if (!x3) {
        ctx.notes.push(`mapping: Test III to ${formatTransportAddress(other)} got no answer`);
        return done(null);
      }
      ctx.emit('mapping-test', { test: 'III', to: formatTransportAddress(other), mapped: formatTransportAddress(x3) });
      done(sameTransportAddress(x3, x2) ? 'address-dependent' : 'address-and-port-dependent');
    });
  });
}
