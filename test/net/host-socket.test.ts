import { expect } from 'chai';
import { TraceRecorder } from '../../src/sim/trace';
import { listen, twoHosts } from './helpers';

describe('hosts and UDP sockets', () => {
  it('delivers a datagram with the sender address in rinfo after the link latency', () => {
    const { world, a, b } = twoHosts({ latency: 5 });
    const rx = listen(b, 7000, world);
    const tx = a.createSocket();
    tx.bind(4000);
    world.runUntilIdle();
    tx.send(Buffer.from('hello'), 7000, '10.0.0.2');
    world.runUntilIdle();
    expect(rx.got).to.deep.equal([{ at: 5, data: 'hello', from: '10.0.0.1:4000' }]);
  });

  it('traces port-unreachable for a datagram to a closed port', () => {
    const { world, a } = twoHosts();
    const rec = new TraceRecorder(world.sim.trace);
    a.createSocket().send(Buffer.from('x'), 9999, '10.0.0.2');
    world.runUntilIdle();
    const drops = rec.ofKind('dropped');
    expect(drops.map((d) => [d.node, d.reason])).to.deep.equal([['b', 'port-unreachable']]);
  });

  it('binds port 0 to a reproducible ephemeral port in 49152-65535', () => {
    const ports = [1, 1, 2].map((seed) => {
      const { world, a } = twoHosts({}, { seed });
      const s = a.createSocket().bind(0);
      world.runUntilIdle();
      return s.address().port;
    });
    expect(ports[0]).to.equal(ports[1]);
    expect(ports[0]).to.be.within(49152, 65535);
    expect(ports[2]).to.not.equal(ports[0]);
  });

  it('emits EADDRINUSE when the port is taken', () => {
    const { world, a } = twoHosts();
    a.createSocket().bind(5000);
    const errors: string[] = [];
    a.createSocket().bind(5000).on('error', (e: Error & { code?: string }) => errors.push(e.code ?? ''));
    world.runUntilIdle();
    expect(errors).to.deep.equal(['EADDRINUSE']);
  });

  it('calls the bind callback and emits listening in the same virtual instant', () => {
    const { world, a } = twoHosts();
    const seen: string[] = [];
    const s = a.createSocket();
    s.on('listening', () => seen.push(`listening@${world.nowMs}`));
    s.bind(6000, undefined, () => seen.push(`cb@${world.nowMs}`));
    expect(seen).to.deep.equal([]);
    world.runUntilIdle();
    expect(seen).to.deep.equal(['cb@0', 'listening@0']);
  });

  it('drops with host-down while the receiver sleeps and delivers again after wake', () => {
    const { world, a, b } = twoHosts({ latency: 1 });
    const rec = new TraceRecorder(world.sim.trace);
    const rx = listen(b, 7000, world);
    const tx = a.createSocket();
    b.sleep();
    tx.send(Buffer.from('one'), 7000, '10.0.0.2');
    world.runUntilIdle();
    b.wake();
    tx.send(Buffer.from('two'), 7000, '10.0.0.2');
    world.runUntilIdle();
    expect(rx.got.map((g) => g.data)).to.deep.equal(['two']);
    expect(rec.ofKind('dropped').map((d) => d.reason)).to.deep.equal(['host-down']);
  });

  it('holds program timers while asleep and runs them at wake', () => {
    const { world, a } = twoHosts();
    const fired: number[] = [];
    a.timers.setTimeout(() => fired.push(world.nowMs), 100);
    a.sleep();
    world.runFor(500);
    expect(fired).to.deep.equal([]);
    a.wake();
    expect(fired).to.deep.equal([500]);
  });

  it('fails send after close with ERR_SOCKET_DGRAM_NOT_RUNNING', () => {
    const { a } = twoHosts();
    const s = a.createSocket().bind(1234);
    s.close();
    expect(() => s.send(Buffer.from('x'), 1, '10.0.0.2')).to.throw(/ERR_SOCKET_DGRAM_NOT_RUNNING/);
  });
});
