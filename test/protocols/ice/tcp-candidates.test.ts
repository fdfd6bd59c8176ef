/** TCP candidates (RFC 6544): creation rules, priorities (§4.2), foundations, redundancy, and the SDP form (§4.5). */
import { expect } from 'chai';
import {
  candidatePriority,
  computeFoundation,
  createCandidate,
  eliminateRedundantCandidates,
  formatCandidate,
  IceUsageError,
  parseCandidate,
  tcpDirectionPreference,
  tcpLocalPreference,
  type ParsedCandidate,
} from '../../../src/protocols/ice';
import { host, relay, tcpHost } from './fixtures';

function parsed(line: string): ParsedCandidate {
  const r = parseCandidate(line);
  if (!r.ok) throw r.error;
  return r.value;
}

describe('ice TCP candidates (RFC 6544)', () => {
  describe('local preference (§4.2): 2^13·direction-pref + other-pref', () => {
    const rows: Array<[string, 'active' | 'passive' | 'so', 'host' | 'srflx' | 'prflx' | 'relay', number]> = [
      ['a host active candidate prefers the active direction', 'active', 'host', 6],
      ['a host passive candidate comes next', 'passive', 'host', 4],
      ['a host simultaneous-open candidate comes last', 'so', 'host', 2],
      ['a relayed active candidate ranks like a host one', 'active', 'relay', 6],
      ['a server-reflexive so candidate ranks first (only so gets through a NAT unaided)', 'so', 'srflx', 6],
      ['a server-reflexive active candidate ranks second', 'active', 'srflx', 4],
      ['a server-reflexive passive candidate ranks last', 'passive', 'srflx', 2],
      ['a peer-reflexive so candidate ranks like a srflx one', 'so', 'prflx', 6],
    ];
    for (const [story, tcpType, type, dir] of rows) {
      it(story, () => {
        expect(tcpDirectionPreference(tcpType, type)).to.equal(dir);
        expect(tcpLocalPreference(tcpType, type, 100)).to.equal(dir * 8192 + 100);
      });
    }

    it('defaults other-pref to 8191 and rejects values outside 0..8191', () => {
      expect(tcpLocalPreference('active', 'host')).to.equal(57343);
      expect(() => tcpLocalPreference('active', 'host', 8192)).to.throw(IceUsageError, /0\.\.8191/);
      expect(() => tcpLocalPreference('active', 'host', -1)).to.throw(IceUsageError);
    });

    it('gives a host active candidate of component 1 the priority 2128609279 (126·2^24 + 57343·2^8 + 255)', () => {
      const c = tcpHost('10.0.0.1', 'active');
      expect(c.priority).to.equal(2128609279);
      expect(c.priority).to.equal(candidatePriority('host', 57343, 1));
      expect(tcpHost('10.0.0.1', 'passive', 5000).priority).to.equal(126 * 2 ** 24 + 40959 * 256 + 255);
    });

    it('ranks a UDP host candidate (local preference 65535) above every TCP host candidate of the same address', () => {
      const udp = host('10.0.0.1', 5000);
      for (const t of ['active', 'passive', 'so'] as const) expect(udp.priority).to.be.greaterThan(tcpHost('10.0.0.1', t, 5000).priority);
    });
  });

  describe('creation rules', () => {
    it('needs a tcpType on a TCP candidate and refuses one on a UDP candidate', () => {
      expect(() => createCandidate({ type: 'host', transport: 'tcp', address: '10.0.0.1', port: 5000 })).to.throw(IceUsageError, /tcpType/);
      expect(() => createCandidate({ type: 'host', address: '10.0.0.1', port: 5000, tcpType: 'so' })).to.throw(IceUsageError, /only TCP/);
    });

    it('requires port 9 on an active candidate (the discard port, §4.5) except a learned peer-reflexive one', () => {
      expect(() => createCandidate({ type: 'host', transport: 'tcp', tcpType: 'active', address: '10.0.0.1', port: 50000 })).to.throw(IceUsageError, /port 9/);
      const prflx = createCandidate({ type: 'prflx', transport: 'tcp', tcpType: 'active', address: '203.0.113.1', port: 40001, base: { address: '10.0.0.1', port: 9 } });
      expect(prflx).to.deep.include({ port: 40001, tcpType: 'active', transport: 'tcp' });
    });

    it('records how a relayed candidate reaches its TURN server, and only for relayed candidates', () => {
      const r = createCandidate({ type: 'relay', address: '198.51.100.2', port: 49152, serverAddress: '198.51.100.2', relayProtocol: 'tls' });
      expect(r).to.deep.include({ transport: 'udp', relayProtocol: 'tls' });
      expect(() => createCandidate({ type: 'host', address: '10.0.0.1', port: 1, relayProtocol: 'tcp' })).to.throw(IceUsageError, /only relayed/);
    });
  });

  describe('foundations (RFC 8445 §5.1.1.3: same transport)', () => {
    it('differ between a UDP and a TCP host candidate on the same address', () => {
      expect(tcpHost('10.0.0.1', 'passive', 5000).foundation).to.not.equal(host('10.0.0.1', 5000).foundation);
    });

    it('differ between relays on one server reached over UDP, TCP and TLS, and keep the UDP value of before', () => {
      const f = (relayProtocol?: 'udp' | 'tcp' | 'tls') => computeFoundation({ type: 'relay', baseAddress: '198.51.100.2', serverAddress: '198.51.100.9', relayProtocol });
      expect(new Set([f('udp'), f('tcp'), f('tls')]).size).to.equal(3);
      expect(f('udp')).to.equal(f(undefined));
      expect(relay('198.51.100.2', 49152).foundation).to.equal(computeFoundation({ type: 'relay', baseAddress: '198.51.100.2', serverAddress: '198.51.100.2' }));
    });
  });

  it('never treats a TCP and a UDP candidate at one transport address as redundant (§5.1.3)', () => {
    const udp = host('10.0.0.1', 5000);
    const tcp = tcpHost('10.0.0.1', 'passive', 5000);
    const so = tcpHost('10.0.0.1', 'so', 5000);
    expect(eliminateRedundantCandidates([udp, tcp, so])).to.deep.equal([udp, tcp, so]);
    expect(eliminateRedundantCandidates([tcp, tcpHost('10.0.0.1', 'passive', 5000)])).to.have.length(1);
  });

  describe('candidate lines (§4.5)', () => {
    it('formats an active host candidate with port 9 and tcptype after the fixed fields', () => {
      const c = tcpHost('192.168.1.2', 'active');
      expect(formatCandidate(c, { extensions: [{ name: 'generation', value: '0' }] })).to.equal(
        `candidate:${c.foundation} 1 tcp 2128609279 192.168.1.2 9 typ host tcptype active generation 0`,
      );
    });

    it('writes port 9 for an active peer-reflexive candidate whose base port is a real one', () => {
      const c = createCandidate({ type: 'prflx', transport: 'tcp', tcpType: 'active', address: '203.0.113.1', port: 40001, base: { address: '10.0.0.1', port: 9 } });
      expect(formatCandidate(c)).to.match(/ tcp \d+ 203\.0\.113\.1 9 typ prflx raddr 10\.0\.0\.1 rport 9 tcptype active$/);
    });

    for (const t of ['active', 'passive', 'so'] as const) {
      it(`round-trips a ${t} candidate, tcptype out of the extension list`, () => {
        const c = tcpHost('10.0.0.1', t, 5000);
        const p = parsed(formatCandidate(c, { extensions: [{ name: 'ufrag', value: 'abcd' }] }));
        expect(p.candidate).to.deep.include({ transport: 'tcp', tcpType: t, port: c.port, priority: c.priority, foundation: c.foundation });
        expect(p.extensions).to.deep.equal([{ name: 'ufrag', value: 'abcd' }]);
        expect(p.ufrag).to.equal('abcd');
      });
    }

    it("parses Chrome's active TCP line and a passive srflx line with raddr", () => {
      const p = parsed('candidate:1052210311 1 TCP 1518214911 192.168.1.2 9 typ host tcptype active generation 0 network-id 1');
      expect(p.candidate).to.deep.include({ transport: 'tcp', tcpType: 'active', port: 9, priority: 1518214911, address: '192.168.1.2' });
      const q = parsed('candidate:3 1 tcp 1694498815 203.0.113.7 50000 typ srflx raddr 10.0.0.1 rport 50000 tcptype passive');
      expect(q.candidate).to.deep.include({ type: 'srflx', tcpType: 'passive', relatedAddress: '10.0.0.1', relatedPort: 50000 });
    });

    it('keeps a peer-given non-9 port of an active candidate (receivers ignore it: §4.5)', () => {
      expect(parsed('candidate:1 1 tcp 1 10.0.0.1 50000 typ host tcptype active').candidate.port).to.equal(50000);
    });
  });
});
