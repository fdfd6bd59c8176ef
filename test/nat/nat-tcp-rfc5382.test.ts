/**
 * RFC 5382 (BCP 142), NAT behavioural requirements for TCP, one by one, with hand-built TCP segments pushed through
 * NATs in a small world (tcp-world.ts).
 */
import { expect } from 'chai';
import { eventLine } from '../../src/sim/trace-json';
import { formatIpv4, parseIpv4 } from '../../src/net/ipv4';
import { Datagram } from '../../src/net/datagram';
import { IcmpDatagram } from '../../src/net/icmp';
import { ACK, FIN, MIN, RST, S, SYN, SYNACK, tcpWorld } from './tcp-world';

const A = '192.168.1.20';
const A2 = '192.168.1.21';
const B = '192.168.2.30';
const NAT_A = '198.51.100.10';
const NAT_B = '198.51.100.20';
const SERVER = '198.51.100.80';
const US = 1000; // µs per ms

describe('NAT for TCP (RFC 5382)', () => {
  describe('REQ-1: endpoint-independent mapping, configurable apart from UDP', () => {
    it('keeps one external port for one internal endpoint across remotes (EIM, the default)', () => {
      const t = tcpWorld({ preset: 'port-restricted-cone' });
      t.push('a', 5000, SERVER, 443, SYN);
      t.push('a', 5000, SERVER, 80, SYN);
      t.push('a', 5000, NAT_B, 7000, SYN);
      t.w.runFor(10);
      expect(t.arrivals(SERVER)).to.deep.equal([`${NAT_A}:5000>${SERVER}:443 S`, `${NAT_A}:5000>${SERVER}:80 S`]);
      expect(t.natA.snapshot().map((m) => [m.proto, m.internal, m.external])).to.deep.equal([['tcp', `${A}:5000`, `${NAT_A}:5000`]]);
    });

    it('follows tcp.mapping, not the UDP mapping: APDM for TCP gives a port per remote while UDP stays EIM', () => {
      const t = tcpWorld({ preset: 'full-cone', tcp: { mapping: 'address-and-port-dependent', portAssignment: 'sequential' } });
      t.push('a', 5000, SERVER, 443, SYN);
      t.push('a', 5000, SERVER, 80, SYN);
      t.w.getHost('a').wake();
      const udp = t.w.getHost('a').createSocket().bind(5000);
      udp.send(Buffer.from('x'), 443, SERVER);
      udp.send(Buffer.from('y'), 80, SERVER);
      t.w.runFor(10);
      const snap = t.natA.snapshot();
      expect(snap.filter((m) => m.proto === 'tcp').map((m) => m.external)).to.have.length(2);
      expect(new Set(snap.filter((m) => m.proto === 'tcp').map((m) => m.external)).size).to.equal(2);
      expect(snap.filter((m) => m.proto === undefined).map((m) => m.external)).to.deep.equal([`${NAT_A}:5000`]);
    });

    it('keeps TCP and UDP port spaces apart: both get port 5000 preserved (RFC 4787 §4.2.1 per protocol)', () => {
      const t = tcpWorld({});
      t.w.getHost('a2').wake();
      t.w.getHost('a2').createSocket().bind(5000).send(Buffer.from('u'), 9, SERVER);
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.runFor(10);
      expect(t.natA.snapshot().map((m) => `${m.proto ?? 'udp'} ${m.internal} ${m.external}`)).to.deep.equal([
        `udp ${A2}:5000 ${NAT_A}:5000`, `tcp ${A}:5000 ${NAT_A}:5000`,
      ]);
    });
  });

  describe('REQ-2: every valid sequence from either side, simultaneous open included', () => {
    it('lets a SYN-ACK answer an outbound SYN and times the connection as established (2 h 4 min)', () => {
      const t = tcpWorld({ preset: 'port-restricted-cone' });
      t.push('a', 5000, SERVER, 443, SYN, 100);
      t.w.runFor(5);
      t.w.getHost('server').ifaces[0].transmit(segment(t, SERVER, 443, NAT_A, 5000, SYNACK, 900, 101), 0xc633640a);
      t.w.runFor(5);
      t.push('a', 5000, SERVER, 443, ACK, 101, 901);
      t.w.runFor(5);
      expect(t.arrivals(A)).to.deep.equal([`${SERVER}:443>${A}:5000 S.`]);
      const [m] = t.natA.snapshot();
      expect(m.connections).to.deep.equal([{ remote: `${SERVER}:443`, state: 'established', expiresAt: m.expiresAt }]);
      expect(m.expiresAt - m.lastRefresh).to.equal(124 * MIN * US);
    });

    it('passes both SYNs of a simultaneous open through two port-restricted NATs (the SYN out creates the mapping)', () => {
      const t = tcpWorld({ preset: 'port-restricted-cone' });
      t.push('a', 5000, NAT_B, 6000, SYN, 100);
      t.push('b', 6000, NAT_A, 5000, SYN, 700);
      t.w.runFor(10);
      expect(t.arrivals(A)).to.deep.equal([`${NAT_B}:6000>${A}:5000 S`]);
      expect(t.arrivals(B)).to.deep.equal([`${NAT_A}:5000>${B}:6000 S`]);
      expect(t.drops('natA').concat(t.drops('natB'))).to.deep.equal([]);
      // RFC 9293 §3.5 figure 7: each side answers SYN-ACK; both pass and the connection is established.
      t.push('a', 5000, NAT_B, 6000, SYNACK, 100, 701);
      t.push('b', 6000, NAT_A, 5000, SYNACK, 700, 101);
      t.w.runFor(10);
      expect(t.arrivals(A)).to.have.length(2);
      expect(t.natA.snapshot()[0].connections?.map((c) => c.state)).to.deep.equal(['established']);
    });

    it('drops the simultaneous-open SYN that arrives before its own SYN left (no mapping yet), as real NATs do', () => {
      const t = tcpWorld({ preset: 'port-restricted-cone' });
      t.push('b', 6000, NAT_A, 5000, SYN, 700);
      t.w.runFor(10);
      t.push('a', 5000, NAT_B, 6000, SYN, 100);
      t.w.runFor(10);
      expect(t.arrivals(A)).to.deep.equal([]);
      expect(t.drops('natA')).to.deep.equal(['nat-no-mapping']);
      expect(t.arrivals(B)).to.deep.equal([`${NAT_A}:5000>${B}:6000 S`]);
    });

    it('drops an outbound segment that is no SYN and has no mapping (only a SYN creates TCP state)', () => {
      const t = tcpWorld({});
      t.push('a', 5000, SERVER, 443, ACK);
      t.push('a', 5001, SERVER, 443, RST);
      t.w.runFor(10);
      expect(t.arrivals(SERVER)).to.deep.equal([]);
      expect(t.drops('natA')).to.deep.equal(['nat-no-mapping', 'nat-no-mapping']);
      expect(t.natA.snapshot()).to.deep.equal([]);
    });

    it('drops an inbound segment that is no SYN and belongs to no connection, even under EIF', () => {
      const t = tcpWorld({ preset: 'full-cone' });
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.runFor(5);
      t.w.getHost('server').ifaces[0].transmit(segment(t, SERVER, 9999, NAT_A, 5000, ACK, 1, 1), 0xc633640a);
      t.w.getHost('server').ifaces[0].transmit(segment(t, SERVER, 9998, NAT_A, 5000, SYN, 1, 0), 0xc633640a);
      t.w.runFor(5);
      expect(t.arrivals(A)).to.deep.equal([`${SERVER}:9998>${A}:5000 S`]);
      expect(t.drops('natA')).to.deep.equal(['nat-filtered']);
    });
  });

  describe('REQ-3: filtering of inbound SYNs, configurable apart from UDP', () => {
    for (const [filtering, admitted] of [['endpoint-independent', 2], ['address-dependent', 1], ['address-and-port-dependent', 0]] as const) {
      it(`admits ${admitted} of two SYNs from a contacted host's other port and a stranger under tcp.filtering ${filtering}`, () => {
        const t = tcpWorld({ preset: 'symmetric', tcp: { mapping: 'endpoint-independent', portAssignment: 'preserve', filtering } });
        t.push('a', 5000, SERVER, 443, SYN);
        t.w.runFor(5);
        t.w.getHost('server').ifaces[0].transmit(segment(t, SERVER, 444, NAT_A, 5000, SYN, 1, 0), 0xc633640a);
        t.w.getHost('b').ifaces[0].transmit(segment(t, B, 6000, NAT_A, 5000, SYN, 1, 0), 0xc0a80201);
        t.w.runFor(10);
        expect(t.arrivals(A), filtering).to.have.length(admitted);
        expect(t.drops('natA'), filtering).to.have.length(2 - admitted);
      });
    }
  });

  describe('REQ-4: unsolicited inbound SYNs (silent drop, ICMP or RST, after a 6 s hold)', () => {
    it('drops them silently by default', () => {
      const t = tcpWorld({});
      fromServer(t, 443, 5000, SYN);
      t.w.runFor(20 * S);
      expect(t.drops('natA')).to.deep.equal(['nat-no-mapping']);
      expect(t.arrivals(SERVER)).to.deep.equal([]);
      expect(t.natA.heldSyns).to.equal(0);
    });

    it('answers a RST (RST,ACK with ack = seq + 1, RFC 9293 §3.10.7.1) only after the 6 s hold', () => {
      const t = tcpWorld({ tcp: { unsolicitedSyn: 'rst' } });
      fromServer(t, 443, 5000, SYN, 4000);
      t.w.runFor(5990);
      expect(t.arrivals(SERVER), 'within the hold').to.deep.equal([]);
      t.w.runFor(20);
      expect(t.arrivals(SERVER)).to.deep.equal([`${NAT_A}:5000>${SERVER}:443 R.`]);
      const rst = t.rec.ofKind('link').find((e) => e.pkt.tcp?.flags === (RST | ACK))!;
      expect(rst.pkt.tcp).to.include({ seq: 0, ack: 4001 });
      expect(rst.t).to.equal(6001 * US);
    });

    it('answers at once with synHold 0 (the field behaviour), and ICMP port unreachable with unsolicitedSyn icmp', () => {
      const t = tcpWorld({ tcp: { unsolicitedSyn: 'rst', synHold: 0 } }, { tcp: { unsolicitedSyn: 'icmp' } });
      fromServer(t, 443, 5000, SYN);
      t.w.getHost('server').ifaces[0].transmit(segment(t, SERVER, 443, NAT_B, 6000, SYN, 1, 0), 0xc6336414);
      t.w.runFor(10);
      expect(t.arrivals(SERVER)).to.deep.equal([`${NAT_A}:5000>${SERVER}:443 R.`]);
      t.w.runFor(6 * S);
      const icmp = t.rec.ofKind('link').filter((e) => e.pkt.icmp && e.pkt.dst === 0xc6336450);
      expect(icmp.map((e) => `${formatIpv4(e.pkt.src)} ${e.pkt.icmp!.type}/${e.pkt.icmp!.code} about :${e.pkt.icmp!.about.dstPort}`))
        .to.deep.equal([`${NAT_B} 3/3 about :6000`]);
    });

    it('never answers a SYN whose connection sends its own SYN out within the hold (simultaneous open)', () => {
      const t = tcpWorld({ preset: 'port-restricted-cone', tcp: { unsolicitedSyn: 'rst' } });
      fromServer(t, 443, 5000, SYN);
      t.w.runFor(3 * S);
      expect(t.natA.heldSyns).to.equal(1);
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.runFor(10 * S);
      expect(t.natA.heldSyns).to.equal(0);
      expect(t.arrivals(SERVER)).to.deep.equal([`${NAT_A}:5000>${SERVER}:443 S`]);
    });

    it('treats a SYN refused by filtering as unsolicited too, and never answers a non-SYN', () => {
      const t = tcpWorld({ preset: 'port-restricted-cone', tcp: { unsolicitedSyn: 'rst', synHold: 0 } });
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.runFor(5);
      fromServer(t, 444, 5000, SYN);
      fromServer(t, 445, 5000, ACK);
      fromServer(t, 446, 5002, SYNACK);
      t.w.runFor(10);
      expect(t.arrivals(SERVER).filter((a) => a.endsWith('R.'))).to.deep.equal([`${NAT_A}:5000>${SERVER}:444 R.`]);
      expect(t.drops('natA')).to.deep.equal(['nat-filtered', 'nat-filtered', 'nat-no-mapping']);
    });
  });

  describe('REQ-5: idle timeouts by connection state, RST and FIN ending the established state', () => {
    function established(settings = {}) {
      const t = tcpWorld(settings);
      t.push('a', 5000, SERVER, 443, SYN, 100);
      t.w.runFor(5);
      fromServer(t, 443, 5000, SYNACK, 900, 101);
      t.w.runFor(5);
      return t;
    }
    const expiredAt = (t: ReturnType<typeof tcpWorld>) => t.rec.ofKind('mapping-expired').map((e) => e.t / US);

    it('expires a half-open connection (SYN out, no answer) after the 4 min transitory timeout', () => {
      const t = tcpWorld({});
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.runFor(10 * MIN);
      expect(expiredAt(t)).to.deep.equal([4 * MIN + 1]);
    });

    it('keeps an idle established connection 2 h 4 min, then expires it; later segments are dropped', () => {
      const t = established();
      t.w.runFor(124 * MIN - 100);
      expect(t.natA.snapshot()).to.have.length(1);
      t.w.runFor(200);
      expect(expiredAt(t)).to.deep.equal([124 * MIN + 6]);
      fromServer(t, 443, 5000, ACK, 901, 101);
      t.push('a', 5000, SERVER, 443, ACK, 101, 901);
      t.w.runFor(10);
      expect(t.drops('natA')).to.deep.equal(['nat-mapping-expired', 'nat-no-mapping']);
    });

    it('honours tcp.establishedTimeout and tcp.transitoryTimeout', () => {
      const t = established({ tcp: { establishedTimeout: 600_000, transitoryTimeout: 30_000 } });
      t.w.runFor(20 * MIN);
      expect(expiredAt(t)).to.deep.equal([10 * MIN + 6]);
    });

    it('goes transitory after a RST either way (4 min), and back to established on a later segment', () => {
      const t = established();
      t.push('a', 5000, SERVER, 443, RST, 101);
      t.w.runFor(10);
      expect(t.natA.snapshot()[0].connections?.[0].state).to.equal('reset');
      t.w.runFor(10 * MIN);
      expect(expiredAt(t)).to.deep.equal([4 * MIN + 11]);
    });

    it('keeps the established timeout after one FIN (half-close) and goes transitory after a FIN each way', () => {
      const t = established();
      t.push('a', 5000, SERVER, 443, FIN | ACK, 101, 901);
      t.w.runFor(10);
      expect(t.natA.snapshot()[0].connections?.[0].state).to.equal('closing');
      expect(t.natA.snapshot()[0].expiresAt).to.equal((11 + 124 * MIN) * US);
      fromServer(t, 443, 5000, FIN | ACK, 901, 102);
      t.w.runFor(10);
      expect(t.natA.snapshot()[0].connections?.[0].state).to.equal('closed');
      t.w.runFor(10 * MIN);
      expect(expiredAt(t)).to.deep.equal([4 * MIN + 21]);
    });

    it('keeps a mapping alive while any of its connections is (EIM: one mapping, two connections)', () => {
      const t = established();
      t.push('a', 5000, SERVER, 80, SYN);
      t.w.runFor(10 * MIN);
      // The half-open connection to :80 is long gone (4 min); the established one to :443 holds the mapping.
      expect(expiredAt(t)).to.deep.equal([]);
      t.push('a', 5000, SERVER, 443, RST, 101);
      t.w.runFor(10);
      expect(t.natA.snapshot()[0].connections?.map((c) => `${c.remote} ${c.state}`)).to.deep.equal([`${SERVER}:443 reset`]);
      t.w.runFor(10 * MIN);
      expect(expiredAt(t)).to.deep.equal([14 * MIN + 11]);
    });
  });

  describe('REQ-6: ICMP errors about TCP flows', () => {
    it('translates an ICMP error about a TCP mapping through the TCP table and leaves the mapping as it was', () => {
      const t = tcpWorld({ preset: 'port-restricted-cone' });
      t.push('a', 5000, SERVER, 443, SYN, 100);
      t.w.runFor(5);
      const state = () => t.natA.snapshot().map(({ timeLeft: _, ...rest }) => rest);
      const before = state();
      const about = segment(t, NAT_A, 5000, SERVER, 443, SYN, 100, 0);
      const icmp = new IcmpDatagram(t.w.sim.packetId(), parseIpv4(SERVER), parseIpv4(NAT_A), 64, { type: 3, code: 3, about });
      t.w.getHost('server').ifaces[0].transmit(icmp, parseIpv4(NAT_A));
      t.w.runFor(5);
      const got = t.rec.ofKind('link').filter((e) => e.pkt.icmp && e.pkt.dst === parseIpv4(A));
      expect(got.map((e) => `${formatIpv4(e.pkt.icmp!.about.src)}:${e.pkt.icmp!.about.srcPort}`)).to.deep.equal([`${A}:5000`]);
      expect(state()).to.deep.equal(before);
      expect(t.rec.events.filter((e) => e.kind.startsWith('mapping-')).map((e) => e.kind)).to.deep.equal(['mapping-created']);
    });
  });

  describe('REQ-7: hairpinning for TCP', () => {
    it('loops a SYN to the NAT\'s own mapped address back inside with the sender\'s mapped source (REQ-9a of RFC 4787)', () => {
      const t = tcpWorld({ preset: 'full-cone' });
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.runFor(5);
      t.push('a2', 7000, NAT_A, 5000, SYN);
      t.w.runFor(5);
      expect(t.arrivals(A)).to.deep.equal([`${NAT_A}:7000>${A}:5000 S`]);
      expect(t.rec.ofKind('translated').filter((e) => e.direction === 'hairpin')).to.have.length(1);
    });

    it('drops it with nat-hairpin-off when tcp.hairpinning is false, whatever the UDP setting', () => {
      const t = tcpWorld({ preset: 'full-cone', hairpinning: true, tcp: { hairpinning: false } });
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.runFor(5);
      t.push('a2', 7000, NAT_A, 5000, SYN);
      t.w.runFor(5);
      expect(t.arrivals(A)).to.deep.equal([]);
      expect(t.drops('natA')).to.deep.equal(['nat-hairpin-off']);
    });
  });

  describe('hostile flag combinations', () => {
    const rows = [
      { story: 'no flags at all', flags: 0 },
      { story: 'SYN with RST', flags: SYN | RST },
      { story: 'every flag (Christmas tree)', flags: 0xff },
      { story: 'FIN without ACK', flags: FIN },
    ];
    for (const row of rows) {
      it(`drops ${row.story} with no mapping, both ways, traced, without creating state or answering`, () => {
        const t = tcpWorld({ tcp: { unsolicitedSyn: 'rst', synHold: 0 } });
        t.push('a', 5000, SERVER, 443, row.flags);
        fromServer(t, 443, 5000, row.flags);
        t.w.runFor(10 * S);
        expect(t.drops('natA')).to.deep.equal(['nat-no-mapping', 'nat-no-mapping']);
        expect(t.natA.snapshot()).to.deep.equal([]);
        expect(t.arrivals(SERVER).filter((x) => x.endsWith('R.') || x.endsWith('R'))).to.deep.equal([]);
        expect(t.natA.heldSyns).to.equal(0);
      });
    }
  });

  describe('trace', () => {
    it('names the protocol on TCP mapping and translated events only; UDP events print as before', () => {
      const t = tcpWorld({});
      t.push('a', 5000, SERVER, 443, SYN);
      t.w.getHost('a2').wake();
      t.w.getHost('a2').createSocket().bind(6000).send(Buffer.from('u'), 9, SERVER);
      t.w.runFor(10);
      const lines = t.rec.events.filter((e) => e.kind === 'mapping-created' || (e.kind === 'translated' && !e.pkt.icmp)).map(eventLine);
      expect(lines).to.have.length(4);
      expect(lines[0]).to.match(/^\{"t":\d+,"kind":"mapping-created","node":"natA","proto":"tcp","internal":"192\.168\.1\.20:5000"/);
      expect(lines[1]).to.match(/"kind":"translated","node":"natA","direction":"outbound","proto":"tcp","before"/);
      expect(lines[2]).to.match(/^\{"t":\d+,"kind":"mapping-created","node":"natA","internal":"192\.168\.1\.21:6000"/);
      expect(lines[3]).to.not.include('proto');
    });
  });
});

/** A hand-built segment (for transmit() from a host straight onto the internet). */
function segment(t: ReturnType<typeof tcpWorld>, src: string, srcPort: number, dst: string, dstPort: number, flags: number, seq: number, ack: number) {
  return new Datagram(t.w.sim.packetId(), parseIpv4(src), srcPort, parseIpv4(dst), dstPort, 64, Buffer.alloc(0), false, 6,
    { seq, ack, flags, window: 65535 });
}

function fromServer(t: ReturnType<typeof tcpWorld>, srcPort: number, dstPort: number, flags: number, seq = 1, ack = 0): void {
  t.w.getHost('server').ifaces[0].transmit(segment(t, SERVER, srcPort, NAT_A, dstPort, flags, seq, ack), 0xc633640a);
}
