import { expect } from 'chai';
import { Scheduler } from '../../src/sim/scheduler';
import { RunawayError } from '../../src/sim/errors';
import { VirtualTimers } from '../../src/sim/timers';

describe('scheduler', () => {
  it('runs events in time order and same-time events in scheduling order', () => {
    const s = new Scheduler();
    const order: string[] = [];
    s.schedule(20, () => order.push('b@20'));
    s.schedule(10, () => order.push('a@10'));
    s.schedule(20, () => order.push('c@20'));
    s.schedule(0, () => order.push('z@0'));
    s.run();
    expect(order).to.deep.equal(['z@0', 'a@10', 'b@20', 'c@20']);
    expect(s.now).to.equal(20);
  });

  it('skips cancelled events', () => {
    const s = new Scheduler();
    const order: number[] = [];
    const h = s.schedule(5, () => order.push(5));
    s.schedule(6, () => order.push(6));
    h.cancel();
    s.run();
    expect(order).to.deep.equal([6]);
    expect(s.pending).to.equal(0);
  });

  it('stops at a time and leaves later events pending', () => {
    const s = new Scheduler();
    const order: number[] = [];
    for (const t of [10, 20, 30]) s.schedule(t, () => order.push(t));
    expect(s.run({ until: 25 })).to.equal('time');
    expect(order).to.deep.equal([10, 20]);
    expect(s.now).to.equal(25);
    expect(s.pending).to.equal(1);
  });

  it('stops when a condition holds', () => {
    const s = new Scheduler();
    let n = 0;
    for (let i = 1; i <= 10; i++) s.schedule(i, () => n++);
    expect(s.run({ condition: () => n === 4 })).to.equal('condition');
    expect(s.now).to.equal(4);
  });

  it('stops a self-rescheduling storm with RunawayError on the event guard', () => {
    const s = new Scheduler({ maxEvents: 1000 });
    const storm = (): void => {
      s.schedule(0, storm);
      s.schedule(0, storm);
    };
    s.schedule(0, storm);
    expect(() => s.run()).to.throw(RunawayError, /event guard: more than 1000 events/);
  });

  it('stops a run past the virtual time guard', () => {
    const s = new Scheduler({ maxTime: 1_000_000 });
    const tick = (): void => void s.schedule(300_000, tick);
    s.schedule(0, tick);
    expect(() => s.run()).to.throw(RunawayError, /virtual time guard/);
  });

  it('keeps integer time without drift over a million 1 µs steps', () => {
    const s = new Scheduler();
    let left = 1_000_000;
    const step = (): void => {
      if (--left > 0) s.schedule(1, step);
    };
    s.schedule(1, step);
    s.run();
    expect(s.now).to.equal(1_000_000);
  });
});

describe('virtual timers', () => {
  it('fires setTimeout after the delay and setInterval every period until cleared', () => {
    const s = new Scheduler();
    const t = new VirtualTimers(s);
    const log: string[] = [];
    t.setTimeout(() => log.push(`timeout@${t.now()}`), 150);
    const iv = t.setInterval(() => {
      log.push(`tick@${t.now()}`);
      if (t.now() >= 300) t.clearInterval(iv);
    }, 100);
    s.run();
    expect(log).to.deep.equal(['tick@100', 'timeout@150', 'tick@200', 'tick@300']);
  });

  it('does not fire a cleared timeout', () => {
    const s = new Scheduler();
    const t = new VirtualTimers(s);
    let fired = false;
    const h = t.setTimeout(() => (fired = true), 10);
    t.clearTimeout(h);
    s.run();
    expect(fired).to.equal(false);
  });
});
