/**
 * ICE agents over simulated sockets: host-host on a LAN, srflx across cone NATs, peer-reflexive candidates on both
 * sides across a symmetric NAT, TURN when nothing else works, the checks as they are on the wire, and data both
 * ways over the selected pair.
 */
import { expect } from 'chai';
import { SignalingChannel } from '../../../src/agents/signaling';
import { decode } from '../../../src/protocols/stun';
import { TraceRecorder } from '../../../src/sim/trace';
import { agentEvents, connect, icePair, lanWorld, recordingAgent } from './helpers';

describe('ICE agent: connecting', () => {
  it('connects two agents on a LAN host to host, in about one round trip after the credentials', () => {
    const world = lanWorld();
    const trace = new TraceRecorder(world.sim.trace);
    const sig = SignalingChannel.forWorld(world, { delayMs: 20 });
    const alice = recordingAgent(world, 'alice', { role: 'controlling', signaling: sig.endpoint('alice') });
    const bob = recordingAgent(world, 'bob', { role: 'controlled', signaling: sig.endpoint('bob') });
    expect(connect({ world, alice, bob })).to.equal(true);
    expect(alice.agent.selectedPair).to.include({ localType: 'host', remoteType: 'host', viaRelay: false, local: alice.agent.selectedPair!.local });
    expect([alice.agent.selectedPair!.local.split(':')[0], alice.agent.selectedPair!.remote.split(':')[0]]).to.deep.equal(['192.168.0.10', '192.168.0.11']);
    expect(bob.agent.selectedPair!.remote).to.equal(alice.agent.selectedPair!.local);
    const connected = alice.events.find((e) => e.event === 'connected')!;
    expect(connected.at).to.be.below(100);
    expect(connected.data).to.include({ localType: 'host', remoteType: 'host', generation: 0 });
    // traces read like SDP: candidate lines and the signalling that carried them
    const lines = agentEvents(trace, 'alice', 'ice', 'candidate').map((e) => e.data!.candidate as string);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^candidate:\d+ 1 udp 2130706431 192\.168\.0\.10 \d+ typ host$/);
    const carried = trace.ofKind('agent').filter((e) => e.agent === 'signaling' && e.event === 'delivered').map((e) => e.data!.message as string);
    expect(carried).to.include(lines[0]).and.include('end-of-candidates');
  });

  it('sends checks as Binding requests with USERNAME remote:local, PRIORITY, a role attribute, integrity and fingerprint', () => {
    const world = lanWorld();
    const trace = new TraceRecorder(world.sim.trace);
    const sig = SignalingChannel.forWorld(world);
    const alice = recordingAgent(world, 'alice', { role: 'controlling', signaling: sig.endpoint('alice') });
    const bob = recordingAgent(world, 'bob', { role: 'controlled', signaling: sig.endpoint('bob') });
    connect({ world, alice, bob });
    const fromAlice = trace.ofKind('sent').filter((e) => e.node === 'alice').map((e) => decode(e.pkt.payload)).filter((r) => r.ok).map((r) => r.message);
    const requests = fromAlice.filter((m) => m.class === 'request');
    expect(requests.length).to.be.at.least(2);
    const [aliceUfrag, bobUfrag] = [alice.agent.localCredentials!.ufrag, bob.agent.localCredentials!.ufrag];
    for (const m of requests) {
      expect(m.get('USERNAME')).to.equal(`${bobUfrag}:${aliceUfrag}`);
      expect(m.get('PRIORITY')).to.equal(0x6effffff); // host candidate's priority with the prflx type preference (§7.1.1)
      expect(m.get('ICE-CONTROLLING')).to.be.a('bigint');
      expect(m.has('ICE-CONTROLLED')).to.equal(false);
      expect(m.has('MESSAGE-INTEGRITY')).to.equal(true);
      expect(m.attributes[m.attributes.length - 1].name).to.equal('FINGERPRINT');
    }
    expect(requests.filter((m) => m.has('USE-CANDIDATE'))).to.have.length(1); // regular nomination (§8.1.1)
    const fromBob = trace.ofKind('sent').filter((e) => e.node === 'bob').map((e) => decode(e.pkt.payload)).filter((r) => r.ok).map((r) => r.message);
    expect(fromBob.filter((m) => m.class === 'request').every((m) => m.has('ICE-CONTROLLED') && !m.has('USE-CANDIDATE'))).to.equal(true);
    expect(fromBob.filter((m) => m.class === 'success').every((m) => m.get('XOR-MAPPED-ADDRESS') !== undefined)).to.equal(true);
  });

  it('connects across two full-cone NATs on server-reflexive candidates', () => {
    const p = icePair('full-cone', 'full-cone', { turn: false });
    expect(connect(p)).to.equal(true);
    expect(p.alice.agent.selectedPair).to.include({ localType: 'srflx', remoteType: 'srflx', viaRelay: false, local: '203.0.113.10:' + p.alice.agent.selectedPair!.local.split(':')[1] });
    expect(p.bob.agent.selectedPair).to.include({ localType: 'srflx', remoteType: 'srflx' });
  });

  it('learns peer-reflexive candidates on both sides across a symmetric NAT (restricted-cone vs symmetric)', () => {
    const p = icePair('restricted-cone', 'symmetric', { turn: false });
    expect(connect(p)).to.equal(true);
    expect(p.alice.agent.selectedPair).to.include({ localType: 'srflx', remoteType: 'prflx', viaRelay: false });
    expect(p.bob.agent.selectedPair).to.include({ localType: 'prflx', remoteType: 'srflx', viaRelay: false });
    const learned = (node: string) => agentEvents(p.trace, node, 'ice', 'prflx-learned').map((e) => e.data!.side);
    expect(learned('alice')).to.include('remote'); // from bob's check arriving from a new port (§7.3.1.3)
    expect(learned('bob')).to.include('local'); // from the mapped address of his check's response (§7.2.5.3.1)
  });

  it('falls back to TURN between two symmetric NATs and carries data both ways through the relay', () => {
    const p = icePair('symmetric', 'symmetric');
    expect(connect(p)).to.equal(true);
    expect(p.alice.agent.selectedPair!.viaRelay).to.equal(true);
    expect([p.alice.agent.selectedPair!.localType, p.alice.agent.selectedPair!.remoteType]).to.include('relay');
    expect(p.alice.agent.send(Buffer.from('hello bob'))).to.equal(true);
    expect(p.bob.agent.send(Buffer.from('hello alice'))).to.equal(true);
    p.world.runFor(500);
    expect(p.bob.data.map((d) => d.text)).to.deep.equal(['hello bob']);
    expect(p.alice.data.map((d) => d.text)).to.deep.equal(['hello alice']);
    // whoever owns the relayed candidate receives through the TURN allocation
    const relaySide = p.alice.agent.selectedPair!.localType === 'relay' ? p.alice : p.bob;
    expect(relaySide.data[0].viaRelay).to.equal(true);
  });

  it('carries data both ways over a direct pair', () => {
    const p = icePair('port-restricted-cone', 'full-cone');
    connect(p);
    expect(p.alice.agent.selectedPair!.viaRelay).to.equal(false);
    for (let i = 0; i < 3; i++) {
      p.alice.agent.send(Buffer.from(`a${i}`));
      p.bob.agent.send(Buffer.from(`b${i}`));
    }
    p.world.runFor(200);
    expect(p.bob.data.map((d) => [d.text, d.viaRelay])).to.deep.equal([['a0', false], ['a1', false], ['a2', false]]);
    expect(p.alice.data.map((d) => d.text)).to.deep.equal(['b0', 'b1', 'b2']);
    expect([p.alice.agent.stats.dataSent, p.bob.agent.stats.dataReceived]).to.deep.equal([3, 3]);
  });

  it("uses only relayed candidates under policy 'relay', even when a direct path exists", () => {
    const p = icePair('open', 'open', { extra: { policy: 'relay' } });
    expect(connect(p)).to.equal(true);
    expect(p.alice.agent.selectedPair).to.include({ localType: 'relay', remoteType: 'relay', viaRelay: true });
    const lines = agentEvents(p.trace, 'alice', 'ice', 'candidate').map((e) => e.data!.candidate as string);
    expect(lines.every((l) => / typ relay /.test(l))).to.equal(true);
  });

  it('fails without TURN between port-restricted and symmetric NATs, saying why', () => {
    const p = icePair('port-restricted-cone', 'symmetric', { turn: false });
    connect(p);
    const failed = p.alice.events.find((e) => e.event === 'failed')!;
    expect(p.alice.agent.state).to.equal('failed');
    expect(failed.data.reason).to.equal('no-valid-pair');
    expect(failed.data.detail).to.match(/no candidate pair succeeded: 2 pairs failed \(2 no response\).*no relayed candidate/);
    expect(failed.at).to.be.closeTo(39_600, 200); // RTO 500, Rc 7, Rm 16: 39.5 s per check (RFC 8489 §6.2.1)
    expect(p.alice.agent.send(Buffer.from('x'))).to.equal(false);
  });
});
