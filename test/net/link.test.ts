import { expect } from 'chai';
import { TraceRecorder } from '../../src/sim/trace';
import { Arrival, listen, twoHosts } from './helpers';
import type { LinkProps } from '../../src/net/link-props';

/** Sends `n` numbered datagrams from a to b, `gapMs` apart, and returns what arrived plus the drop reasons. */
function blast(link: LinkProps, n: number, gapMs = 1, size = 10, seed = 7): { got: Arrival[]; drops: string[] } {
  const { world, a, b } = twoHosts(link, { seed });
  const rec = new TraceRecorder(world.sim.trace);
  const rx = listen(b, 9000, world);
  const tx = a.createSocket();
  for (let i = 0; i < n; i++) {
    world.sim.timers.setTimeout(() => tx.send(Buffer.from(String(i).padStart(size, '0')), 9000, '10.0.0.2'), i * gapMs);
  }
  world.runUntilIdle();
  return { got: rx.got, drops: rec.ofKind('dropped').map((d) => d.reason) };
}

describe('link properties', () => {
  it('delays every packet by exactly the latency', () => {
    const { got } = blast({ latency: 25 }, 3, 10);
    expect(got.map((g) => g.at)).to.deep.equal([25, 35, 45]);
  });

  it('keeps jitter within latency ± jitter and varies the delay', () => {
    const { got } = blast({ latency: 50, jitter: 10 }, 200, 100);
    const delays = got.map((g) => g.at - Number(g.data) * 100);
    expect(Math.min(...delays)).to.be.at.least(40);
    expect(Math.max(...delays)).to.be.at.most(60);
    expect(new Set(delays).size).to.be.greaterThan(50);
  });

  it('loses about the configured fraction for a fixed seed', () => {
    const { got, drops } = blast({ loss: 0.2 }, 5000);
    const rate = 1 - got.length / 5000;
    expect(rate).to.be.within(0.18, 0.22);
    expect(drops.length).to.equal(5000 - got.length);
    expect(new Set(drops)).to.deep.equal(new Set(['link-loss']));
  });

  it('loses in bursts under the Gilbert-Elliott model', () => {
    const { got } = blast({ burstLoss: { pGoodToBad: 0.02, pBadToGood: 0.25 } }, 5000);
    const received = new Set(got.map((g) => Number(g.data)));
    let runs = 0;
    let lost = 0;
    for (let i = 0; i < 5000; i++) {
      if (!received.has(i)) {
        lost++;
        if (received.has(i - 1) || i === 0) runs++;
      }
    }
    // Mean burst length 1/pBadToGood = 4 packets; independent loss at this rate would give ~1.08.
    expect(lost / runs).to.be.within(3, 5.5);
  });

  it('reorders held-back packets behind later ones', () => {
    const { got } = blast({ latency: 5, reorder: 0.3, reorderDelay: 20 }, 100, 1);
    const order = got.map((g) => Number(g.data));
    expect(order).to.have.length(100);
    const inversions = order.filter((v, i) => i > 0 && v < order[i - 1]).length;
    expect(inversions).to.be.greaterThan(5);
  });

  it('duplicates packets with the configured probability', () => {
    const { got } = blast({ duplicate: 0.5 }, 1000);
    expect(got.length).to.be.within(1430, 1570);
  });

  it('adds serialisation delay from bandwidth and tail-drops when the queue is full', () => {
    // 100 packets of 1000+28 bytes at once over 1 Mbit/s: 8.224 ms each; queue 10 => 11 accepted (1 sending + 10 queued).
    const { got, drops } = blast({ bandwidth: 1_000_000, queue: 10 }, 100, 0, 1000);
    expect(got).to.have.length(11);
    expect(drops.filter((d) => d === 'queue-full')).to.have.length(89);
    expect(got.map((g) => Math.round(g.at * 1000))).to.deep.equal(Array.from({ length: 11 }, (_, i) => (i + 1) * 8224));
  });

  it('fragments packets over the MTU (RFC 791), and drops them with mtu-exceeded when DF is set', () => {
    const { got, drops } = blast({ mtu: 576 }, 1, 1, 549);
    expect(got.map((g) => g.data.length)).to.deep.equal([549]);
    expect(drops).to.deep.equal([]);
    const { world, a, b } = twoHosts({ mtu: 576 });
    const rec = new TraceRecorder(world.sim.trace);
    const rx = listen(b, 9000, world);
    const tx = a.createSocket();
    tx.dontFragment = true;
    const results: string[] = [];
    tx.send(Buffer.alloc(549), 9000, '10.0.0.2', (err) => results.push(err ? (err as Error & { code: string }).code : 'sent'));
    tx.send(Buffer.alloc(548), 9000, '10.0.0.2', (err) => results.push(err ? 'error' : 'sent'));
    world.runUntilIdle();
    // As Linux with IP_PMTUDISC_DO: too big for the host's own link fails the send with EMSGSIZE, nothing leaves.
    expect(results).to.deep.equal(['EMSGSIZE', 'sent']);
    expect(rx.got.map((g) => g.data.length)).to.deep.equal([548]);
    expect(rec.ofKind('sent')).to.have.length(1);
  });

  it('drops everything with link-down and can be brought back up while running', () => {
    const { world, a, b } = twoHosts({ up: false });
    const rec = new TraceRecorder(world.sim.trace);
    const rx = listen(b, 9000, world);
    const tx = a.createSocket();
    tx.send(Buffer.from('lost'), 9000, '10.0.0.2');
    world.runUntilIdle();
    a.ifaces[0].channel.configure({ up: true, latency: 3 });
    tx.send(Buffer.from('ok'), 9000, '10.0.0.2');
    world.runUntilIdle();
    expect(rx.got.map((g) => g.data)).to.deep.equal(['ok']);
    expect(rec.ofKind('dropped').map((d) => d.reason)).to.deep.equal(['link-down']);
  });

  it('applies properties per direction: only the sender side is impaired', () => {
    const { world, a, b } = twoHosts();
    a.ifaces[0].channel.configure({ latency: 40 });
    const ra = listen(a, 1, world);
    const rb = listen(b, 2, world);
    ra.sock.send(Buffer.from('a->b'), 2, '10.0.0.2');
    rb.sock.send(Buffer.from('b->a'), 1, '10.0.0.1');
    world.runUntilIdle();
    expect(rb.got[0].at).to.equal(40);
    expect(ra.got[0].at).to.equal(0);
  });

  it('rejects a bad property with its path and the valid range', () => {
    const { a } = twoHosts();
    expect(() => a.ifaces[0].channel.configure({ loss: 1.5 })).to.throw(/members\.a\.loss: must be a probability 0\.\.1, got 1\.5/);
  });
});
