/**
 * ICE-TCP pairing and checks in the pure core (RFC 6544 §6.2, §7): which directions pair, the pruning of pairs with
 * a passive local, active checks whose connection has an ephemeral local port, peer-reflexive candidates learned
 * over TCP, and triggered checks back over a connection accepted on a passive candidate.
 */
import { expect } from 'chai';
import { canPair, checksFromLocal, createCandidate, pairedTcpType, type IncomingCheck } from '../../../src/protocols/ice';
import { at, effectsOf, host, sessionWith, tcpAt, tcpHost } from './fixtures';

const A_IP = '10.0.0.1';
const B_IP = '10.1.0.1';

describe('ice TCP pairing and checks (RFC 6544 §6-7)', () => {
  describe('pairing rules (§6.2)', () => {
    const types = ['active', 'passive', 'so'] as const;
    const allowed = new Set(['active->passive', 'passive->active', 'so->so']);
    for (const l of types) {
      for (const r of types) {
        const ok = allowed.has(`${l}->${r}`);
        it(`${ok ? 'pairs' : 'never pairs'} a local ${l} candidate with a remote ${r} one`, () => {
          expect(canPair(tcpHost(A_IP, l, 5000), tcpHost(B_IP, r, 7000))).to.equal(ok);
        });
      }
    }

    it('never pairs across transports nor across address families', () => {
      expect(canPair(host(A_IP, 5000), tcpHost(B_IP, 'passive', 7000))).to.equal(false);
      expect(canPair(tcpHost(A_IP, 'active'), host(B_IP, 7000))).to.equal(false);
      expect(canPair(tcpHost(A_IP, 'so', 5000), tcpHost('2001:db8::2', 'so', 7000))).to.equal(false);
    });

    it('names the remote direction each local direction pairs with', () => {
      expect(['active', 'passive', 'so'].map((t) => pairedTcpType(t as 'so'))).to.deep.equal(['passive', 'active', 'so']);
    });

    it('forms checklist pairs active->passive and so->so only: a passive local is pruned (§6.2)', () => {
      const locals = [tcpHost(A_IP, 'active'), tcpHost(A_IP, 'passive', 5000), tcpHost(A_IP, 'so', 5001), host(A_IP, 5002)];
      const remotes = [tcpHost(B_IP, 'active'), tcpHost(B_IP, 'passive', 7000), tcpHost(B_IP, 'so', 7001), host(B_IP, 7002)];
      const { list } = sessionWith(locals, remotes);
      expect(list.pairs().map((p) => `${p.local.transport}/${p.local.tcpType ?? '-'}->${p.remote.tcpType ?? '-'}`).sort()).to.deep.equal([
        'tcp/active->passive',
        'tcp/so->so',
        'udp/-->-',
      ]);
      expect(checksFromLocal(tcpHost(A_IP, 'passive', 5000))).to.equal(false);
      expect(list.pairs().find((p) => p.local.tcpType === 'active')?.id).to.equal(`1|tcp:${A_IP}:9->tcp:${B_IP}:7000`);
    });
  });

  describe('checks from an active candidate (§7.1)', () => {
    function activeCheck() {
      const { session, list } = sessionWith([tcpHost(A_IP, 'active')], [tcpHost(B_IP, 'passive', 7000)]);
      session.start();
      const check = session.nextCheck(0);
      if (!check) throw new Error('no check');
      return { session, list, check };
    }

    it('sends from the active base (port 9) to the passive candidate, both marked TCP', () => {
      const { check } = activeCheck();
      expect(check.from).to.deep.equal(tcpAt(A_IP, 9));
      expect(check.to).to.deep.equal(tcpAt(B_IP, 7000));
      expect(check.pair.local.tcpType).to.equal('active');
    });

    it('accepts the response on the connection whatever its ephemeral local port, and the pair itself is valid', () => {
      const { session, list, check } = activeCheck();
      const out = session.onCheckSuccess(check.checkId, { source: at(B_IP, 7000), destination: at(A_IP, 51234), mappedAddress: at(A_IP, 51234) }, 20);
      expect(out.validPair?.id).to.equal(check.pair.id);
      expect(effectsOf(out.effects, 'local-candidate-learned')).to.have.length(0);
      expect(list.validPairs()).to.have.length(1);
    });

    it('learns an active peer-reflexive local candidate when a NAT mapped the connection (§7.2.5.3.1)', () => {
      const { session, check } = activeCheck();
      const out = session.onCheckSuccess(check.checkId, { source: at(B_IP, 7000), destination: at(A_IP, 51234), mappedAddress: at('203.0.113.1', 40001) }, 20);
      const [learned] = effectsOf(out.effects, 'local-candidate-learned').map((e) => e.candidate);
      expect(learned).to.deep.include({ type: 'prflx', transport: 'tcp', tcpType: 'active', address: '203.0.113.1', port: 40001, baseAddress: A_IP, basePort: 9 });
      expect(out.validPair?.local).to.equal(learned);
    });

    it('fails the check when the response comes from another transport address (§7.2.5.2.1)', () => {
      const { session, check } = activeCheck();
      const out = session.onCheckSuccess(check.checkId, { source: at(B_IP, 7999), destination: at(A_IP, 51234), mappedAddress: at(A_IP, 51234) }, 20);
      expect(effectsOf(out.effects, 'check-failed').map((e) => e.reason)).to.deep.equal(['non-symmetric']);
    });

    it('fails the check when the response arrives on another local IP', () => {
      const { session, check } = activeCheck();
      const out = session.onCheckSuccess(check.checkId, { source: at(B_IP, 7000), destination: at('10.0.0.99', 51234), mappedAddress: at(A_IP, 51234) }, 20);
      expect(effectsOf(out.effects, 'check-failed').map((e) => e.reason)).to.deep.equal(['non-symmetric']);
    });
  });

  describe('a connection accepted on a passive candidate (§7.2)', () => {
    const request = (over: Partial<IncomingCheck> = {}): IncomingCheck => ({
      local: tcpAt(B_IP, 7000), source: tcpAt(A_IP, 51234), priority: 0x6edfffff, useCandidate: false, ...over,
    });

    it('learns the connecting peer as an active peer-reflexive candidate and checks back over the connection', () => {
      const { session, list } = sessionWith([tcpHost(B_IP, 'passive', 7000)], [tcpHost(A_IP, 'active')], { role: 'controlled' });
      session.start();
      expect(list.pairs()).to.have.length(0);
      const d = list.onRequest(request());
      expect(d.response).to.equal('success');
      const [learned] = effectsOf(d.effects, 'remote-candidate-learned').map((e) => e.candidate);
      expect(learned).to.deep.include({ type: 'prflx', transport: 'tcp', tcpType: 'active', address: A_IP, port: 51234, priority: 0x6edfffff });
      const check = session.nextCheck(0);
      expect(check).to.deep.include({ triggered: true, from: tcpAt(B_IP, 7000), to: tcpAt(A_IP, 51234) });
      const out = session.onCheckSuccess(check!.checkId, { source: at(A_IP, 51234), destination: at(B_IP, 7000), mappedAddress: at(B_IP, 7000) }, 10);
      expect(out.validPair?.local.tcpType).to.equal('passive');
    });

    it('nominates the passive pair on USE-CANDIDATE once its triggered check succeeds (§7.3.1.5)', () => {
      const { session, list } = sessionWith([tcpHost(B_IP, 'passive', 7000)], [], { role: 'controlled' });
      session.start();
      list.onRequest(request({ useCandidate: true, role: { attr: 'ICE-CONTROLLING', tieBreaker: 5n } }));
      const check = session.nextCheck(0)!;
      const out = session.onCheckSuccess(check.checkId, { source: at(A_IP, 51234), destination: at(B_IP, 7000), mappedAddress: at(B_IP, 7000) }, 10);
      expect(effectsOf(out.effects, 'nominated')).to.have.length(1);
      expect(list.state).to.equal('Completed');
    });

    it('keeps a UDP request at the same address and port apart from the TCP candidate', () => {
      const { session, list } = sessionWith([tcpHost(B_IP, 'passive', 7000), host(B_IP, 7000)], [], { role: 'controlled' });
      session.start();
      const d = list.onRequest({ local: at(B_IP, 7000), source: at(A_IP, 51234), priority: 1, useCandidate: false });
      expect(d.pair?.local.transport).to.equal('udp');
      expect(d.pair?.remote.transport).to.equal('udp');
      expect(d.pair?.remote.tcpType).to.equal(undefined);
    });

    it('matches an incoming request on an active connection to the active candidate (any ephemeral port)', () => {
      const { session, list } = sessionWith([tcpHost(A_IP, 'active')], [tcpHost(B_IP, 'passive', 7000)]);
      session.start();
      const d = list.onRequest({ local: tcpAt(A_IP, 51234), source: tcpAt(B_IP, 7000), priority: 1, useCandidate: false });
      expect(d.note).to.equal(undefined);
      expect(d.pair?.local.tcpType).to.equal('active');
    });
  });

  it('pairs two simultaneous-open candidates and checks them like UDP ones', () => {
    const so = createCandidate({ type: 'host', transport: 'tcp', tcpType: 'so', address: A_IP, port: 5001 });
    const { session } = sessionWith([so], [tcpHost(B_IP, 'so', 7001)]);
    session.start();
    const check = session.nextCheck(0)!;
    expect(check).to.deep.include({ from: tcpAt(A_IP, 5001), to: tcpAt(B_IP, 7001) });
    const out = session.onCheckSuccess(check.checkId, { source: at(B_IP, 7001), destination: at(A_IP, 5001), mappedAddress: at(A_IP, 5001) }, 10);
    expect(out.validPair?.id).to.equal(check.pair.id);
  });
});
