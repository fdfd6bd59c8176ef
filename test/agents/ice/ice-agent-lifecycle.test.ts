/**
 * ICE agent life after the first connection: role conflicts (§7.3.1.1), trickle (RFC 8838), consent freshness
 * (RFC 7675) with its disconnected/failed timing, keepalives (§11) and ICE restart (§9).
 */
import { expect } from 'chai';
import type { NatNode } from '../../../src/nat/nat-node';
import { decode } from '../../../src/protocols/stun';
import { agentEvents, connect, icePair, type IcePair } from './helpers';

const ms = (p: IcePair) => p.world.nowMs;
const at = (x: { events: { event: string; at: number }[] }, event: string) => x.events.filter((e) => e.event === event).map((e) => e.at);

describe('ICE agent: role conflict', () => {
  for (const seed of [1, 2, 3]) {
    it(`repairs two controlling agents into one controlling and one controlled (seed ${seed})`, () => {
      const p = icePair('full-cone', 'full-cone', { turn: false, seed, extra: { role: 'controlling' } });
      expect(connect(p)).to.equal(true);
      expect([p.alice.agent.role, p.bob.agent.role].sort()).to.deep.equal(['controlled', 'controlling']);
      expect(p.alice.agent.selectedPair!.remote).to.equal(p.bob.agent.selectedPair!.local);
      const changed = [...agentEvents(p.trace, 'alice', 'ice', 'role-changed'), ...agentEvents(p.trace, 'bob', 'ice', 'role-changed')];
      expect(changed).to.have.length(1);
    });
  }

  it('answers the losing controlling agent with an authenticated 487 when it has the lower tie-breaker', () => {
    const errors: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const p = icePair('open', 'open', { turn: false, seed, extra: { role: 'controlling' } });
      connect(p);
      for (const e of p.trace.ofKind('sent')) {
        const r = decode(e.pkt.payload);
        if (r.ok && r.message.class === 'error') {
          errors.push(r.message.get('ERROR-CODE')!.code);
          expect(r.message.has('MESSAGE-INTEGRITY')).to.equal(true);
        }
      }
      expect([p.alice.agent.state, p.bob.agent.state]).to.deep.equal(['connected', 'connected']);
    }
    expect(errors.length).to.be.at.least(1);
    expect(new Set(errors)).to.deep.equal(new Set([487]));
  });
});

describe('ICE agent: trickle', () => {
  it('trickles candidates as they are gathered and starts checking before its own end-of-candidates', () => {
    const p = icePair('full-cone', 'full-cone', { signalingDelayMs: 5 });
    connect(p);
    const sent = p.trace.ofKind('agent').filter((e) => e.agent === 'signaling' && e.event === 'sent' && e.data!.from === 'alice');
    const kinds = sent.map((e) => String(e.data!.message).replace(/^(candidate:\S+ .*typ (\w+)).*$/, '$2').replace(/^ice-ufrag.*/, 'credentials'));
    expect(kinds).to.deep.equal(['credentials', 'host', 'srflx', 'relay', 'end-of-candidates']);
    const times = sent.map((e) => e.t);
    expect(times[1]).to.be.below(times[2]); // srflx after the STUN round trip
    expect(times[2]).to.be.below(times[3]); // relay after the TURN allocation
    const firstCheck = agentEvents(p.trace, 'alice', 'ice', 'check')[0].t;
    expect(firstCheck).to.be.below(agentEvents(p.trace, 'alice', 'ice', 'end-of-candidates')[0].t);
  });

  it('without trickle sends credentials, every candidate and end-of-candidates at once when gathering is done', () => {
    const p = icePair('full-cone', 'full-cone', { extra: { trickle: false } });
    expect(connect(p)).to.equal(true);
    const sent = p.trace.ofKind('agent').filter((e) => e.agent === 'signaling' && e.event === 'sent' && e.data!.from === 'alice');
    expect(new Set(sent.map((e) => e.t)).size).to.equal(1);
    expect(String(sent[0].data!.message)).to.match(/^ice-ufrag:/);
    expect(String(sent[sent.length - 1].data!.message)).to.equal('end-of-candidates');
    expect(sent).to.have.length(5);
  });
});

describe('ICE agent: consent freshness and keepalives', () => {
  it('stays connected with consent checks every 4-6 s and sends no keepalive while they flow', () => {
    const p = icePair('port-restricted-cone', 'port-restricted-cone', { turn: false });
    connect(p);
    const t0 = ms(p);
    p.world.runFor(60_000);
    const checks = agentEvents(p.trace, 'alice', 'ice', 'consent-check').map((e) => e.t / 1000);
    const gaps = checks.slice(1).map((t, i) => t - checks[i]);
    expect(checks.length).to.be.within(10, 15);
    expect(Math.min(...gaps)).to.be.at.least(4000);
    expect(Math.max(...gaps)).to.be.at.most(6000);
    expect(checks[0] - t0).to.be.within(4000, 6000);
    expect(p.alice.agent.state).to.equal('connected');
    expect(agentEvents(p.trace, 'alice', 'ice', 'keepalive')).to.have.length(0);
  });

  it('reports disconnected 10 s and failed 30 s after the last consent response when the peer NAT reboots', () => {
    const p = icePair('port-restricted-cone', 'port-restricted-cone', { turn: false });
    connect(p);
    p.world.runFor(10_000);
    const rebootAt = ms(p);
    (p.world.node('nat-bob') as NatNode).reboot(['203.0.113.21']); // new public address: every mapping is gone
    p.world.runFor(40_000);
    for (const side of [p.alice, p.bob]) {
      const [disc] = side.events.filter((e) => e.event === 'disconnected');
      const [fail] = side.events.filter((e) => e.event === 'failed');
      const last = disc.data.lastResponseAt as number;
      expect(last).to.be.within(rebootAt - 6100, rebootAt);
      expect(disc.at).to.be.closeTo(last + 10_000, 1e-6);
      expect(fail.at).to.be.closeTo(last + 30_000, 1e-6);
      expect(fail.data).to.include({ reason: 'consent-expired', lastResponseAt: last });
      expect(side.agent.state).to.equal('failed');
      expect(side.agent.send(Buffer.from('late'))).to.equal(false); // RFC 7675 §5.1: stop sending
    }
    expect(agentEvents(p.trace, 'alice', 'ice', 'consent-lost')).to.have.length(1);
  });

  it('reports disconnected then failed when the link to the peer goes down, and recovers if it comes back in time', () => {
    const p = icePair('open', 'open', { turn: false });
    connect(p);
    const link = p.world.getHost('bob').ifaces[0].channel;
    link.configure({ up: false });
    p.world.runFor(15_000);
    expect(p.alice.agent.state).to.equal('disconnected');
    link.configure({ up: true });
    p.world.runFor(10_000);
    expect(p.alice.agent.state).to.equal('connected');
    expect(agentEvents(p.trace, 'alice', 'ice', 'consent-restored')).to.have.length(1);
    link.configure({ up: false });
    p.world.runFor(40_000);
    expect(at(p.alice, 'disconnected')).to.have.length(2);
    expect(at(p.alice, 'failed')).to.have.length(1);
    expect(at(p.alice, 'failed')[0] - at(p.alice, 'disconnected')[1]).to.be.closeTo(20_000, 1e-6);
  });

  it('sends a Binding indication after 15 s with nothing sent on the pair (consent off), not while data flows', () => {
    const p = icePair('open', 'open', { turn: false, extra: { consent: false } });
    connect(p);
    const t0 = ms(p);
    p.world.runFor(50_000);
    const kas = agentEvents(p.trace, 'alice', 'ice', 'keepalive').map((e) => e.t / 1000 - t0);
    expect(kas.map((t) => Math.round(t))).to.deep.equal([15_000, 30_000, 45_000]);
    const indications = p.trace.ofKind('sent').filter((e) => e.node === 'alice').map((e) => decode(e.pkt.payload)).filter((r) => r.ok && r.message.class === 'indication');
    expect(indications).to.have.length(3);
    for (const r of indications) expect(r.ok && r.message.attributes.map((a) => a.name)).to.deep.equal(['FINGERPRINT']);
    for (let i = 0; i < 6; i++) {
      p.alice.agent.send(Buffer.from(`tick ${i}`));
      p.world.runFor(5_000);
    }
    expect(agentEvents(p.trace, 'alice', 'ice', 'keepalive')).to.have.length(3);
    expect(p.bob.data).to.have.length(6);
  });
});

describe('ICE agent: restart', () => {
  it('restarts with new credentials and keeps the old pair carrying data until the new one is selected', () => {
    const p = icePair('full-cone', 'port-restricted-cone', { turn: false });
    connect(p);
    const oldUfrag = p.alice.agent.localCredentials!.ufrag;
    p.alice.agent.restart();
    expect(p.alice.agent.send(Buffer.from('during restart'))).to.equal(true);
    p.world.runUntil(() => p.alice.agent.generation === 1 && p.alice.events.filter((e) => e.event === 'connected').length === 2, 10_000);
    p.world.runFor(100);
    expect(p.bob.data.map((d) => d.text)).to.deep.equal(['during restart']);
    expect(p.alice.agent.localCredentials!.ufrag).to.not.equal(oldUfrag);
    expect(p.alice.events.find((e) => e.event === 'restart')!.data).to.include({ generation: 1, initiator: 'local' });
    expect(p.bob.events.find((e) => e.event === 'restart')!.data).to.include({ generation: 1, initiator: 'remote' });
    expect(p.alice.agent.selectedPair!.generation).to.equal(1);
    expect(p.bob.agent.selectedPair!.generation).to.equal(1);
    p.alice.agent.send(Buffer.from('after restart'));
    p.world.runFor(100);
    expect(p.bob.data.map((d) => d.text)).to.deep.equal(['during restart', 'after restart']);
  });

  it('recovers after a NAT reboot to a new address through restartOnFailure', () => {
    const p = icePair('port-restricted-cone', 'port-restricted-cone', { turn: false, extra: { restartOnFailure: true } });
    connect(p);
    p.world.runFor(20_000);
    (p.world.node('nat-alice') as NatNode).reboot(['203.0.113.11']);
    p.world.runFor(60_000);
    expect([p.alice.agent.state, p.bob.agent.state]).to.deep.equal(['connected', 'connected']);
    expect(p.alice.agent.selectedPair!.generation).to.be.at.least(1);
    expect(p.bob.agent.selectedPair!.remote).to.match(/^203\.0\.113\.11:/);
    expect(agentEvents(p.trace, 'alice', 'ice', 'restarted')).to.have.length(1);
    p.bob.agent.send(Buffer.from('welcome back'));
    p.world.runFor(100);
    expect(p.alice.data.map((d) => d.text)).to.deep.equal(['welcome back']);
  });
});
