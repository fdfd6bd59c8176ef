import { expect } from 'chai';
import { tryParseIpNumber } from '../../src/net/ip-number';
import { eventJson } from '../../src/sim/trace-json';
import type { TraceEvent, TracePacket } from '../../src/sim/trace-events';
import { labelPacket } from '../../src/report/packet-label';
import { collapseTcpStreams, relativeTcpNumbers, withTcpNumbers } from '../../src/report/html/tcp-ladder';
import type { HopRow } from '../../src/report/html/ladder-model';
import { traceEventFromJson } from '../../src/report/trace-from-json';

const A = tryParseIpNumber('192.168.1.10')!;
const APUB = tryParseIpNumber('203.0.113.10')!;
const B = tryParseIpNumber('198.51.100.1')!;
const SYN = 0x02, ACK = 0x10, FIN = 0x01, PSH = 0x08, RST = 0x04;

function seg(id: number, src: number, sp: number, dst: number, dp: number, flags: number, seq: number, ack: number, len = 0): TracePacket {
  return { id, src, srcPort: sp, dst, dstPort: dp, ttl: 64, payload: new Uint8Array(len).fill(0x61), proto: 6, tcp: { seq, ack, flags, window: 65535 } };
}
const sent = (p: TracePacket, node: string): TraceEvent => ({ kind: 'sent', t: 0, node, pkt: p });
const delivered = (p: TracePacket, node: string): TraceEvent => ({ kind: 'delivered', t: 0, node, pkt: p });

describe('report: TCP segments in the ladder', () => {
  it('labels segments by their control bits, and data by the STUN message it frames (RFC 8656 §3.1, RFC 4571)', () => {
    expect(labelPacket(seg(1, A, 5000, B, 443, SYN, 7, 0)).text).to.equal('TCP SYN');
    expect(labelPacket(seg(1, A, 5000, B, 443, SYN | ACK, 7, 8)).text).to.equal('TCP SYN-ACK');
    expect(labelPacket(seg(1, A, 5000, B, 443, FIN | ACK, 7, 8)).text).to.equal('TCP FIN-ACK');
    expect(labelPacket(seg(1, A, 5000, B, 443, RST, 7, 0)).text).to.equal('TCP RST');
    expect(labelPacket(seg(1, A, 5000, B, 443, ACK, 7, 8)).kind).to.equal('tcp');
    const stun = Uint8Array.from(Buffer.from('000100002112a442000102030405060708090a0b', 'hex'));
    const framed = { ...seg(1, A, 5000, B, 443, PSH | ACK, 1, 1), payload: stun };
    expect(labelPacket(framed)).to.deep.equal({ kind: 'stun', text: 'Binding request (TCP)' });
    const rfc4571 = { ...framed, payload: Uint8Array.from([0, 20, ...stun]) };
    expect(labelPacket(rfc4571).text).to.equal('Binding request (TCP)');
  });

  it('numbers seq and ack relative to each side\'s ISN, across a NAT that rewrote the client\'s address', () => {
    // client A:5000 -> B:443 through a NAT (A appears as APUB:40000 at B)
    const synOut = seg(1, A, 5000, B, 443, SYN, 1000, 0);
    const synIn = seg(1, APUB, 40000, B, 443, SYN, 1000, 0);
    const synAck = seg(2, B, 443, APUB, 40000, SYN | ACK, 9000, 1001);
    const synAckIn = seg(2, B, 443, A, 5000, SYN | ACK, 9000, 1001);
    const ack = seg(3, A, 5000, B, 443, ACK | PSH, 1001, 9001, 100);
    const events = [sent(synOut, 'a'), delivered(synIn, 'b'), sent(synAck, 'b'), delivered(synAckIn, 'a'), sent(ack, 'a')];
    const n = relativeTcpNumbers(events);
    expect(n.get(1)).to.equal('seq=0');
    expect(n.get(2)).to.equal('seq=0 ack=1');
    expect(n.get(3)).to.equal('seq=1 ack=1 len=100');
  });

  it('wraps relative numbers mod 2^32 (RFC 9293 §3.4)', () => {
    const events = [sent(seg(1, A, 1, B, 2, SYN, 0xfffffff0, 0), 'a'), sent(seg(2, A, 1, B, 2, ACK, 0x10, 5, 4), 'a')];
    expect(relativeTcpNumbers(events).get(2)).to.equal('seq=32 ack=5 len=4');
  });

  function hop(pktId: number, from: string, to: string, bytes: number, drop = false): HopRow {
    return {
      type: 'hop', idx: pktId, t: pktId, arrive: pktId + 1, from, to, pktId, label: { kind: 'tcp', text: `#${pktId}` }, wire: 'w', bytes,
      ...(drop ? { drop: { reason: 'link-loss', onLink: true } } : {}),
    };
  }

  it('collapses a run of stream segments into one row per direction, keeping control segments and drops apart', () => {
    const rows = [
      hop(1, 'a', 'b', 0), // SYN (not a stream segment)
      hop(2, 'a', 'b', 1000), hop(3, 'b', 'a', 0), hop(4, 'a', 'b', 1000), hop(5, 'b', 'a', 0), hop(6, 'a', 'b', 500),
      hop(7, 'a', 'b', 1000, true), // lost: its own row
      hop(8, 'a', 'b', 1000), hop(9, 'b', 'a', 0),
    ];
    const stream = new Set([2, 3, 4, 5, 6, 7, 8, 9]);
    const out = collapseTcpStreams(rows, (id) => stream.has(id)) as HopRow[];
    expect(out.map((r) => r.label.text)).to.deep.equal(['#1', 'TCP stream: 3 segments, 2,500 B', 'TCP stream: 2 ACKs', '#7', '#8', '#9']);
    expect(out[1].segments).to.deep.equal([2, 4, 6]);
    expect(out[1].arrive).to.equal(7);
    expect(out[2].from).to.equal('b');
  });

  it('appends the relative numbers to a hop row\'s label', () => {
    const r = withTcpNumbers(hop(3, 'a', 'b', 0), new Map([[3, 'seq=1 ack=1']]));
    expect(r.label.text).to.equal('#3 seq=1 ack=1');
  });
});

describe('report: trace JSON round trip of TCP and IPv6 packets', () => {
  it('reads back a TCP segment between IPv6 endpoints with its header fields', () => {
    const v6a = tryParseIpNumber('2001:DB8::1')!;
    const v6b = tryParseIpNumber('2001:db8:0:0:1::2')!;
    const p: TracePacket = { id: 9, src: v6a, srcPort: 443, dst: v6b, dstPort: 50000, ttl: 63, payload: Uint8Array.of(1, 2), proto: 6, tcp: { seq: 5, ack: 6, flags: ACK | PSH, window: 1000, mss: 1440 } };
    const json = eventJson({ kind: 'sent', t: 1, node: 'h', pkt: p });
    expect((json.pkt as Record<string, unknown>).src).to.equal('[2001:db8::1]:443');
    expect((json.pkt as Record<string, unknown>).dst).to.equal('[2001:db8::1:0:0:2]:50000');
    const back = traceEventFromJson(JSON.parse(JSON.stringify(json)) as Record<string, unknown>) as TraceEvent & { pkt: TracePacket };
    expect(back.pkt.src).to.equal(v6a);
    expect(back.pkt.dst).to.equal(v6b);
    expect(back.pkt.tcp).to.deep.equal({ seq: 5, ack: 6, flags: ACK | PSH, window: 1000, mss: 1440 });
    expect(eventJson(back)).to.deep.equal(json);
  });
});
