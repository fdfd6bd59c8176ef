import { expect } from 'chai';
import type { Datagram } from '../../../src/net/datagram';
import type { Host } from '../../../src/net/host';
import { tcpFlagsText } from '../../../src/net/tcp-header';
import { hasData, isFin, isPureAck, isSyn, isSynAck, loseSegment, pattern, segmentsSent, tcpPair, transfer } from './tcp-helpers';

/** One row: which host loses which arriving segment, what the sender must do about it. */
interface LossRow {
  story: string;
  /** 'a' is the client (sender of data), 'b' the server. */
  at: 'a' | 'b';
  match: (p: Datagram) => boolean;
  nth?: number;
  bytes: number;
  /** Who retransmits and the flags of the retransmitted segment ('data': any segment with data). */
  resender: 'a' | 'b';
  flags: string;
  /** Earliest and latest time (ms) the retransmission may leave. */
  within: [number, number];
}

const rows: LossRow[] = [
  { story: 'the SYN is lost: the client sends it again after the initial RTO of 1 s', at: 'b', match: isSyn, bytes: 5000, resender: 'a', flags: 'S', within: [1000, 1000] },
  { story: 'the SYN-ACK is lost: the server retransmits it after 1 s (and answers the client SYN again)', at: 'a', match: isSynAck, bytes: 5000, resender: 'b', flags: 'S.', within: [1005, 1005] },
  { story: 'the first data segment is lost: three duplicate ACKs trigger fast retransmit before any RTO', at: 'b', match: hasData, bytes: 60_000, resender: 'a', flags: 'data', within: [11, 200] },
  { story: 'the last data segment is lost: no duplicate ACKs follow, the RTO resends it', at: 'b', match: hasData, nth: 4, bytes: 5000, resender: 'a', flags: 'data', within: [300, 1400] },
  { story: 'the FIN is lost: it is retransmitted on RTO and both ends close', at: 'b', match: isFin, bytes: 5000, resender: 'a', flags: 'F.', within: [300, 1400] },
  { story: "the server's FIN is lost: it retransmits it and the client still reaches TIME-WAIT", at: 'a', match: isFin, bytes: 5000, resender: 'b', flags: 'F.', within: [300, 1400] },
];

describe('TCP retransmission of each lost segment kind (RFC 6298, RFC 5681)', () => {
  for (const row of rows) {
    it(row.story, () => {
      const { world, a, b, events } = tcpPair();
      const hosts: Record<string, Host> = { a, b };
      const { lost } = loseSegment(hosts[row.at]!, row.match, row.nth ?? 1);
      const data = pattern(row.bytes);
      const r = transfer(world, a, b, data, { chunk: 1000, maxMs: 200_000 });
      expect(lost, 'the segment was taken away').to.have.length(1);
      expect(r.received.equals(data), 'exact stream').to.equal(true);
      expect(r.serverEnded && r.clientClosed && r.serverClosed).to.equal(true);
      expect(r.clientError ?? r.serverError).to.equal(undefined);
      const l = lost[0]!.tcp!;
      // A retransmission starts at the lost sequence number (its length may differ: data is segmented anew).
      const again = segmentsSent(events, row.resender).filter((s) => s.seq === l.seq && (row.flags === 'data' ? s.len > 0 : s.flags === row.flags));
      if (row.flags !== 'data') expect(tcpFlagsText(l.flags)).to.equal(row.flags);
      expect(again.length, 'sent again').to.be.at.least(2);
      const rtxAt = again[1]!.t;
      expect(rtxAt).to.be.within(row.within[0], row.within[1]);
      expect(a.tcp().connectionCount + b.tcp().connectionCount, 'TIME-WAIT ended, every TCB deleted').to.equal(0);
    });
  }

  it('a lost final ACK of the handshake: the server retransmits its SYN-ACK and the client ACKs it again', () => {
    const { world, a, b, events } = tcpPair();
    const { lost } = loseSegment(b, isPureAck);
    let acceptedAt = -1;
    b.createTcpServer().on('connection', () => (acceptedAt = world.nowMs)).listen(80);
    a.connectTcp({ host: '10.0.0.2', port: 80 });
    world.runFor(5000);
    expect(lost).to.have.length(1);
    expect(segmentsSent(events, 'b').filter((s) => s.flags === 'S.')).to.have.length(2);
    expect(acceptedAt).to.equal(1015); // SYN-ACK at 5 ms, again at 1005, its ACK back at 1015
  });

  it('backs off exponentially: SYN retransmissions at 1, 3, 7, 15, 31, 63 s, then ETIMEDOUT at 127 s (tcp_syn_retries 6)', () => {
    const { world, a, b, events } = tcpPair();
    b.sleep();
    let err: (Error & { code?: string; syscall?: string }) | undefined;
    let errAt = 0;
    a.connectTcp({ host: '10.0.0.2', port: 80 }).on('error', (e) => {
      err = e;
      errAt = world.nowMs;
    });
    world.runFor(200_000);
    expect(segmentsSent(events, 'a').map((s) => s.t)).to.deep.equal([0, 1000, 3000, 7000, 15000, 31000, 63000]);
    expect(err?.code).to.equal('ETIMEDOUT');
    expect(err?.syscall).to.equal('connect');
    expect(errAt).to.equal(127_000);
    expect(a.tcp().connectionCount).to.equal(0);
  });

  it('gives up on data after tcp_retries2 (15) timeouts with ETIMEDOUT when the peer vanishes mid-stream', () => {
    const { world, a, b } = tcpPair();
    b.createTcpServer().on('connection', (s) => s.on('data', () => b.sleep())).listen(80);
    const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
    let code: string | undefined;
    c.on('error', (e) => (code = e.code));
    c.on('connect', () => c.write(pattern(50_000)));
    world.runFor(3_600_000);
    expect(code).to.equal('ETIMEDOUT');
    expect(a.tcp().connectionCount).to.equal(0);
  });
});
