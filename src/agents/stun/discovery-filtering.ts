/**
 * RFC 5780 §4.4, filtering behaviour, on a fresh port (filtering tests are sensitive to prior NAT state, so the
 * mapping tests' port, which has sent to A2, must not be reused). Test I to A1:P1 opens the mapping; Test II asks
 * for the answer from the other address and port (CHANGE-REQUEST IP+port): an answer means endpoint-independent
 * filtering. Otherwise Test III asks for the answer from the other port only: an answer means address-dependent,
 * none address-and-port-dependent filtering.
 */
import type { DiscoveryContext } from './discovery-context';
import type { NatBehavior } from './discovery-types';
import type { BindingOutcome, BindingProbe, ProbeSocket } from './probe-socket';
import type { TransportAddress } from './transport-address';
import { formatTransportAddress } from './transport-address';

/** 'answered', 'silent', or null when the server refused or ignored CHANGE-REQUEST (noted). */
type ChangeOutcome = 'answered' | 'silent' | null;

/** Interprets a CHANGE-REQUEST answer, checking it really came from the changed address or port. */
function changeOutcome(ctx: DiscoveryContext, o: BindingOutcome, probe: BindingProbe, test: string): ChangeOutcome {
  if (o.kind === 'none') return 'silent';
  if (o.kind === 'error') {
    ctx.notes.push(`filtering: the server answered Test ${test}'s CHANGE-REQUEST with error ${o.code} (no RFC 5780 support)`);
    return null;
  }
  const from: TransportAddress = o.origin ?? o.from;
  const ipChanged = from.address !== ctx.server.address;
  const portChanged = from.port !== ctx.server.port;
  if (ipChanged !== !!probe.changeIp || portChanged !== !!probe.changePort) {
    ctx.notes.push(`filtering: Test ${test}'s answer came from ${formatTransportAddress(from)}, not the changed address; the server ignores CHANGE-REQUEST`);
    return null;
  }
  return 'answered';
}

/** Runs filtering tests I-III on a new port; `done` gets the behaviour or null. */
export function filteringTests(ctx: DiscoveryContext, done: (filtering: NatBehavior | null) => void): void {
  ctx.probe((sock) => {
    const finish = (f: NatBehavior | null): void => {
      ctx.release(sock);
      done(f);
    };
    sock.binding(ctx.server, {}, (o1) => {
      if (o1.kind !== 'success') {
        ctx.notes.push('filtering: Test I on a fresh port got no answer');
        return finish(null);
      }
      changeTest(ctx, sock, { changeIp: true, changePort: true }, 'II', (r2) => {
        if (r2 !== 'silent') return finish(r2 === 'answered' ? 'endpoint-independent' : null);
        changeTest(ctx, sock, { changePort: true }, 'III', (r3) => {
          finish(r3 === null ? null : r3 === 'answered' ? 'address-dependent' : 'address-and-port-dependent');
        });
      });
    });
  });
}

function changeTest(ctx: DiscoveryContext, sock: ProbeSocket, probe: BindingProbe, test: string, done: (r: ChangeOutcome) => void): void {
  sock.binding(ctx.server, probe, (o) => {
    const r = changeOutcome(ctx, o, probe, test);
    ctx.emit('filtering-test', { test, answered: r === 'answered' });
    done(r);
  });
}
