import { expect } from 'chai';
import { Datagram } from '../../src/net/datagram';
import { IcmpDatagram } from '../../src/net/icmp';
import { fragment } from '../../src/net/ipv4-fragments';
import { parseIpv4 } from '../../src/net/ipv4';
import { labelPacket } from '../../src/report/packet-label';
import { describePacket } from '../../src/report/event-text';
import { eventLine } from '../../src/sim/trace-json';

const about = new Datagram(7, parseIpv4('10.0.0.1'), 4000, parseIpv4('10.0.0.2'), 9999, 64, Buffer.from('hello'));

describe('labels, descriptions and trace lines of ICMP errors and fragments', () => {
  const rows: [string, number, number, number | undefined, string][] = [
    ['port unreachable', 3, 3, undefined, 'ICMP port unreachable'],
    ['net unreachable', 3, 0, undefined, 'ICMP net unreachable'],
    ['host unreachable', 3, 1, undefined, 'ICMP host unreachable'],
    ['fragmentation needed with its MTU', 3, 4, 576, 'ICMP fragmentation needed MTU 576'],
    ['time exceeded in transit', 11, 0, undefined, 'ICMP time exceeded (TTL)'],
    ['an unknown code by number', 3, 13, undefined, 'ICMP type 3 code 13'],
  ];
  for (const [story, type, code, mtu, text] of rows) {
    it(`labels ${story}`, () => {
      const p = new IcmpDatagram(8, parseIpv4('10.0.0.2'), parseIpv4('10.0.0.1'), 64, { type, code, mtu, about });
      expect(labelPacket(p)).to.deep.equal({ kind: 'icmp', text });
    });
  }

  it('describes an ICMP error with the datagram it is about, and traces its type, code and quoted flow', () => {
    const p = new IcmpDatagram(8, parseIpv4('10.0.0.2'), parseIpv4('10.0.0.1'), 64, { type: 3, code: 3, about });
    expect(describePacket(p)).to.equal('10.0.0.2 -> 10.0.0.1 ICMP port unreachable about 10.0.0.1:4000 -> 10.0.0.2:9999 (36 B)');
    const line = JSON.parse(eventLine({ kind: 'sent', t: 0, node: 'b', pkt: p })) as { pkt: Record<string, unknown> };
    expect(line.pkt.icmp).to.deep.equal({ type: 3, code: 3, about: '10.0.0.1:4000>10.0.0.2:9999' });
  });

  it('labels fragments by offset and More Fragments, and traces them with frag', () => {
    const big = new Datagram(9, parseIpv4('10.0.0.1'), 4000, parseIpv4('10.0.0.2'), 9999, 64, Buffer.alloc(1000));
    const [first, last] = fragment(big, 576);
    expect(labelPacket(first).text).to.equal('IPv4 fragment offset 0 MF');
    expect(labelPacket(last).text).to.equal('IPv4 fragment offset 552');
    const line = JSON.parse(eventLine({ kind: 'sent', t: 0, node: 'a', pkt: last })) as { pkt: Record<string, unknown> };
    expect(line.pkt.frag).to.deep.equal({ offset: 552, more: false });
    expect(line.pkt.src).to.equal('10.0.0.1:0'); // later fragments carry no UDP header, so no ports
  });
});
