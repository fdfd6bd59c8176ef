import { expect } from 'chai';
import { ReorderQueue } from '../../../src/net/tcp/reorder-queue';
import { RtoEstimator } from '../../../src/net/tcp/rto';
import { seqAdd, seqDiff, seqLt } from '../../../src/net/tcp/seq';
import { acceptable } from '../../../src/net/tcp/tcp-connection';

describe('TCP building blocks', () => {
  it('compares sequence numbers across the 2^32 wrap (RFC 9293 §3.4)', () => {
    expect(seqAdd(0xffffffff, 2)).to.equal(1);
    expect(seqDiff(1, 0xffffffff)).to.equal(2);
    expect(seqLt(0xfffffff0, 5)).to.equal(true);
    expect(seqLt(5, 0xfffffff0)).to.equal(false);
  });

  const acceptRows = [
    { story: 'empty segment at RCV.NXT with a zero window', seq: 100, len: 0, wnd: 0, ok: true },
    { story: 'empty segment past RCV.NXT with a zero window', seq: 101, len: 0, wnd: 0, ok: false },
    { story: 'empty segment inside the window', seq: 150, len: 0, wnd: 100, ok: true },
    { story: 'data with a zero window', seq: 100, len: 10, wnd: 0, ok: false },
    { story: 'data starting before RCV.NXT and ending inside', seq: 95, len: 10, wnd: 100, ok: true },
    { story: 'data wholly before RCV.NXT (a duplicate)', seq: 80, len: 10, wnd: 100, ok: false },
    { story: 'data starting at the right edge', seq: 200, len: 10, wnd: 100, ok: false },
    { story: 'data across the 2^32 wrap', seq: 0xfffffffa, len: 20, wnd: 100, ok: true, nxt: 0xfffffffe },
  ];
  for (const r of acceptRows) {
    it(`segment acceptability (RFC 9293 §3.10.7.4 step 1): ${r.story} -> ${r.ok ? 'acceptable' : 'not acceptable'}`, () => {
      expect(acceptable(r.seq, r.len, r.nxt ?? 100, r.wnd)).to.equal(r.ok);
    });
  }

  it('RTO: 1 s initially; SRTT/RTTVAR from samples with the 1 s floor; doubles per timeout up to 120 s (RFC 6298)', () => {
    const rto = new RtoEstimator();
    expect(rto.rto).to.equal(1000);
    rto.sample(100);
    expect(rto.srtt).to.equal(100);
    expect(rto.rttvar).to.equal(50);
    expect(rto.rto).to.equal(1000); // 100 + 4*50 = 300, raised to the 1 s minimum
    rto.sample(2000);
    expect(rto.srtt).to.be.closeTo(337.5, 1e-9);
    expect(rto.rttvar).to.be.closeTo(512.5, 1e-9);
    expect(rto.rto).to.be.closeTo(337.5 + 4 * 512.5, 1e-9);
    for (let i = 0; i < 10; i++) rto.backoff();
    expect(rto.rto).to.equal(120_000);
    rto.resetBackoff();
    expect(rto.rto).to.be.closeTo(2387.5, 1e-9);
  });

  it('reorder queue: overlapping, duplicate and stale segments yield each byte once, in order', () => {
    const q = new ReorderQueue();
    const seg = (seq: number, text: string, fin = false): { seq: number; data: Uint8Array; fin: boolean } => ({ seq, data: Buffer.from(text), fin });
    q.add(seg(105, 'fghij'));
    q.add(seg(103, 'defgh')); // overlaps the one above
    q.add(seg(95, 'old')); // wholly below RCV.NXT
    q.add(seg(108, 'ijk', true));
    q.add(seg(103, 'defgh')); // a duplicate
    let nxt = 100;
    expect(q.take(nxt)).to.equal(undefined); // the gap 100..102 is open
    nxt = 103; // 'abc' arrived in order
    let out = '';
    let fin = false;
    for (let s = q.take(nxt); s; s = q.take(nxt)) {
      out += Buffer.from(s.data).toString();
      nxt += s.data.byteLength;
      if (s.fin) {
        fin = true;
        break;
      }
    }
    expect(out).to.equal('defghijk');
    expect(fin).to.equal(true);
  });
});
