/**
 * The ICE agent on dual-stack hosts: a host candidate per address of each family (udp6 sockets for IPv6), pairs only
 * within a family (RFC 8445 §6.1.2.2), RFC 8421 §4 local preferences putting IPv6 first, and the selected pair on
 * IPv6 with candidate lines in RFC 5952 form.
 */
import { expect } from 'chai';
import { SignalingChannel } from '../../../src/agents/signaling';
import { World } from '../../../src/net/world';
import { parseCandidate } from '../../../src/protocols/ice';
import { recordingAgent } from './helpers';

function dualStackLan() {
  const world = new World({ seed: 3 });
  world.network('lan', ['192.168.0.0/24', '2001:db8:0:1::/64'], { latency: 1 });
  world.host('alice', { ifaces: [{ network: 'lan', ip: ['192.168.0.10', '2001:db8:0:1::10'] }] });
  world.host('bob', { ifaces: [{ network: 'lan', ip: ['192.168.0.11', '2001:db8:0:1::11'] }] });
  const signaling = SignalingChannel.forWorld(world, { delayMs: 20 });
  const alice = recordingAgent(world, 'alice', { name: 'ice', role: 'controlling', signaling: signaling.endpoint('alice') });
  const bob = recordingAgent(world, 'bob', { name: 'ice', role: 'controlled', signaling: signaling.endpoint('bob') });
  return { world, alice, bob };
}

describe('ice agent on dual-stack hosts (RFC 8421, RFC 8445 §6.1.2.2)', () => {
  it('gathers an IPv6 and an IPv4 host candidate, pairs within each family, and selects the IPv6 pair', () => {
    const { world, alice, bob } = dualStackLan();
    alice.agent.start();
    bob.agent.start();
    expect(world.runUntil(() => alice.agent.state === 'connected' && bob.agent.state === 'connected', 20_000)).to.equal(true);
    const locals = alice.agent.checklist!.localCandidates().filter((c) => c.type === 'host');
    expect(locals.map((c) => c.address).sort()).to.deep.equal(['192.168.0.10', '2001:db8:0:1::10']);
    const v6 = locals.find((c) => c.address.includes(':'))!;
    const v4 = locals.find((c) => !c.address.includes(':'))!;
    expect(v6.priority - v4.priority, 'RFC 8421: IPv6 one local-preference step above IPv4').to.equal(256);
    for (const p of alice.agent.checklist!.pairs()) expect(p.local.address.includes(':')).to.equal(p.remote.address.includes(':'));
    const sel = alice.agent.selectedPair!;
    expect(sel.local).to.match(/^\[2001:db8:0:1::10\]:\d+$/);
    expect(sel.remote).to.match(/^\[2001:db8:0:1::11\]:\d+$/);
    const line = parseCandidate(sel.remoteCandidate);
    expect(line.ok && line.value.candidate.address).to.equal('2001:db8:0:1::11');
  });

  it('carries data over the IPv6 pair', () => {
    const { world, alice, bob } = dualStackLan();
    alice.agent.start();
    bob.agent.start();
    world.runUntil(() => alice.agent.state === 'connected' && bob.agent.state === 'connected', 20_000);
    expect(alice.agent.send(new TextEncoder().encode('over v6'))).to.equal(true);
    world.runFor(100);
    expect(bob.data.map((d) => d.text)).to.deep.equal(['over v6']);
  });
});
