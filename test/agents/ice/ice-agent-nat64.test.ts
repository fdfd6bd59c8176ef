/**
 * An IPv6-only ICE agent behind a stateful NAT64 (RFC 6146) meets an IPv4-only agent: it pairs its IPv6 host
 * candidate with the synthesised IPv6 twin of the peer's IPv4 candidate (RFC 8445 §5.1.1.1, RFC 6052 §2.2, prefix
 * from the host's configuration as RFC 7050 would find it), and the pair works through the NAT64 directly.
 */
import { expect } from 'chai';
import { SignalingChannel } from '../../../src/agents/signaling';
import { Nat64Node } from '../../../src/nat';
import { World } from '../../../src/net/world';
import { recordingAgent } from './helpers';

function carrier(prefix: string | null = '64:ff9b::/96') {
  const w = new World({ seed: 5 });
  w.network('mobile', '2001:db8:1::/64', { latency: 5 });
  w.network('internet', '198.51.100.0/24', { latency: 10 });
  const nat = w.add(new Nat64Node(w.sim, 'nat64', {}));
  nat.attachOutside(w.getNetwork('internet'), '198.51.100.2');
  nat.attachInside(w.getNetwork('mobile'), '2001:db8:1::1');
  w.host('phone', { ifaces: [{ network: 'mobile', ip: '2001:db8:1::10' }], gateway: '2001:db8:1::1', ...(prefix ? { nat64Prefix: prefix } : {}) });
  w.host('laptop', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
  const signaling = SignalingChannel.forWorld(w, { delayMs: 20 });
  const phone = recordingAgent(w, 'phone', { name: 'ice', role: 'controlling', signaling: signaling.endpoint('phone') });
  const laptop = recordingAgent(w, 'laptop', { name: 'ice', role: 'controlled', signaling: signaling.endpoint('laptop') });
  return { w, phone, laptop };
}

describe('ice agent: IPv6-only behind NAT64 meets IPv4-only (RFC 8445 §5.1.1.1)', () => {
  it('connects directly through the NAT64 on the synthesised address of the peer\'s IPv4 candidate', () => {
    const { w, phone, laptop } = carrier();
    phone.agent.start();
    laptop.agent.start();
    expect(w.runUntil(() => phone.agent.state === 'connected' && laptop.agent.state === 'connected', 20_000)).to.equal(true);
    const sel = phone.agent.selectedPair!;
    expect(sel.viaRelay).to.equal(false);
    expect(sel.remote).to.match(/^\[64:ff9b::c633:6401\]:\d+$/); // 198.51.100.1 under the Well-Known Prefix
    // The laptop sees the phone at the NAT64's IPv4 pool address, learned from the checks (peer-reflexive).
    expect(laptop.agent.selectedPair!.remote).to.match(/^198\.51\.100\.2:\d+$/);
    expect(laptop.agent.selectedPair!.remoteType).to.equal('prflx');
    expect(phone.agent.send(new TextEncoder().encode('from v6'))).to.equal(true);
    w.runFor(100);
    expect(laptop.data.map((d) => d.text)).to.deep.equal(['from v6']);
  });

  it('pairs nothing across the families, and both fail, when the phone does not know the prefix', () => {
    const { w, phone, laptop } = carrier(null);
    phone.agent.start();
    laptop.agent.start();
    w.runFor(10_000);
    expect([phone.agent.state, laptop.agent.state]).to.deep.equal(['failed', 'failed']);
    expect(phone.agent.checklist!.pairs()).to.have.length(0);
  });
});
