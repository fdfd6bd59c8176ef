import { expect } from 'chai';
import { World } from '../../../src/net/world';
import { Timeline, configureLink } from '../../../src/scenario';

/** a and b on one 10 ms network. */
function twoHosts(): World {
  const w = new World({ seed: 1 });
  w.network('lan', '10.0.0.0/24', { latency: 10 });
  w.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
  w.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
  w.getHost('b').createSocket().bind(9);
  return w;
}

describe('Timeline (TypeScript API)', () => {
  it('runs at() at its virtual time and after() its delay past the first matching trace event only', () => {
    const w = twoHosts();
    const seen: [string, number][] = [];
    const send = (): void => w.getHost('a').createSocket().send(Buffer.from('x'), 9, '10.0.0.2');
    new Timeline(w)
      .at(1_000, () => { seen.push(['at', w.nowMs]); send(); })
      .at(2_000, send)
      .after({ node: 'b', event: 'delivered' }, 250, () => seen.push(['after', w.nowMs]));
    w.runFor(5_000);
    // The first delivery is at 1010 ms; the second (2010 ms) does not fire after() again.
    expect(seen).to.deep.equal([['at', 1_000], ['after', 1_260]]);
  });

  it('configureLink changes what one member sends, and refuses a node without an interface there', () => {
    const w = twoHosts();
    expect(configureLink(w, 'lan', 'a', { latency: 40 })).to.equal(1);
    const at: number[] = [];
    new Timeline(w).after({ node: 'b', event: 'delivered' }, 0, () => at.push(w.nowMs));
    w.getHost('a').createSocket().send(Buffer.from('x'), 9, '10.0.0.2');
    w.runFor(1_000);
    expect(at).to.deep.equal([40]);
    expect(() => configureLink(w, 'lan', 'nobody', { latency: 1 })).to.throw(/'nobody' has no interface on network 'lan'/);
  });
});
