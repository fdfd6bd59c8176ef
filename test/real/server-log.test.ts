import { expect } from 'chai';
import { ServerLog } from '../../src/real';

describe('ServerLog under a flood of dropped packets', () => {
  it('writes at most 5 full drop lines a second and one summary by reason, not a line per packet', () => {
    const lines: string[] = [];
    const log = new ServerLog({ write: (l) => lines.push(l) });
    for (let i = 0; i < 10_000; i++) log.sink('turn-server', 'dropped', { reason: i % 3 ? 'malformed' : 'rate-limited', from: '192.0.2.1:5000' });
    log.sink('turn-server', 'allocated', { username: 'alice' });
    log.flush();
    const full = lines.filter((l) => / turn-server dropped /.test(l));
    const summary = lines.filter((l) => / turn-server dropped-summary /.test(l));
    expect(full.length).to.be.at.most(10); // 5 a second; the loop may straddle a second boundary
    expect(summary.length).to.be.within(1, 2);
    const counted = summary.flatMap((l) => [...l.matchAll(/(malformed|rate-limited)=(\d+)/g)].map((m) => Number(m[2])));
    expect(counted.reduce((a, b) => a + b, 0) + full.length).to.equal(10_000);
    expect(lines.some((l) => / turn-server allocated username=alice/.test(l))).to.equal(true);
  });
});
