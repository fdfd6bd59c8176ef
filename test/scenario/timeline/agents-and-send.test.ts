/**
 * Timeline entries that start and stop agents and send datagrams, triggered `at:` a time or `after:` an event (plus
 * a delay): the trace shows the action at its time, and what the agents and one-off senders did because of it.
 */
import { expect } from 'chai';
import type { AgentEvent, SentEvent, TraceEvent } from '../../../src/sim/trace-events';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { homeScenario, run, timesMs } from '../support';

const isAgent = (agent: string, event: string) => (e: TraceEvent): boolean => e.kind === 'agent' && e.agent === agent && e.event === event;

/** Source ports of the laptop's sent packets, with their times (ms). */
function sentFromLaptop(r: ScenarioRunResult): { ms: number; port: number }[] {
  return r.record.events.filter((e): e is SentEvent => e.kind === 'sent' && e.node === 'laptop').map((e) => ({ ms: e.t / 1000, port: e.pkt.srcPort }));
}

describe('timeline: start, stop and send, at a time and after an event', () => {
  let r: ScenarioRunResult;
  before(() => {
    r = run(homeScenario(`
agents:
  echo: { type: echo, host: echo-server, port: 7, autostart: true } # the timeline starts it again later
  late: { type: traffic, host: laptop, port: 5000, to: echo, count: 2, every: 1s }
  follower: { type: traffic, host: laptop, port: 6000, to: echo, count: 1 }
timeline:
  - { at: 3s, start: late }
  - { after: { agent: late, event: done }, delay: 500ms, start: follower }
  - { at: 6s, stop: echo }
  - { at: 7s, send: { host: laptop, port: 7000, to: echo, count: 2, every: 200ms } }
  - { after: { node: home-nat, event: mapping-created }, send: { host: stranger, to: echo-server:9 } }
  - { at: 9s, description: echo comes back, start: echo }
  - { at: 8s, send: { host: laptop, port: 8000, to: echo } }
  - { at: 9s, send: { host: laptop, port: 9000, to: echo } }
`, 'duration: 12s'));
  });

  it('starts a timeline-started agent only at its time (no autostart)', () => {
    expect(timesMs(r, isAgent('late', 'started'))).to.deep.equal([3000]);
    const late = sentFromLaptop(r).filter((s) => s.port === 5000);
    expect(late.map((s) => s.ms)).to.deep.equal([3000, 4000]);
    expect(timesMs(r, isAgent('late', 'done'))).to.deep.equal([4000]);
  });

  it('runs an after: entry once, its delay after the first matching agent event', () => {
    expect(timesMs(r, isAgent('follower', 'started'))).to.deep.equal([4500]);
    expect(sentFromLaptop(r).filter((s) => s.port === 6000).map((s) => s.ms)).to.deep.equal([4500]);
  });

  it('runs an after: entry on a trace event kind at a node only the first time it happens', () => {
    const created = timesMs(r, (e) => e.kind === 'mapping-created' && e.node === 'home-nat');
    expect(created.length).to.be.greaterThan(2);
    const sender = 'send@timeline[4]';
    expect(timesMs(r, isAgent(sender, 'started'))).to.deep.equal([created[0]]);
    const sent = r.record.events.filter((e) => e.kind === 'sent' && e.node === 'stranger');
    expect(sent).to.have.length(1);
  });

  it('stops an agent: its socket closes and datagrams to it are port-unreachable until it starts again', () => {
    expect(timesMs(r, isAgent('echo', 'stopped'))).to.deep.equal([6000]);
    expect(timesMs(r, isAgent('echo', 'started'))).to.deep.equal([0, 9000]);
    const atEcho = r.record.events.filter((e) => (e.kind === 'delivered' || e.kind === 'dropped') && e.node === 'echo-server' && e.pkt.dstPort === 7);
    const story = atEcho.map((e) => `${e.t / 1000} ${e.kind === 'dropped' ? e.reason : 'delivered'}`);
    expect(story).to.deep.equal([
      '3011 delivered', '4011 delivered', '4511 delivered', // late x2, follower
      '7011 port-unreachable', '7211 port-unreachable', '8011 port-unreachable', // while stopped
      '9011 delivered', // started again at 9 s, before the send written after it in the file
    ]);
  });

  it('sends one-off datagrams from the given port, count and interval, under the entry\'s name', () => {
    const s = sentFromLaptop(r).filter((x) => x.port === 7000);
    expect(s.map((x) => x.ms)).to.deep.equal([7000, 7200]);
    expect(timesMs(r, isAgent('send@timeline[3]', 'done'))).to.deep.equal([7200]);
    const payload = r.record.events.find((e) => e.kind === 'sent' && e.pkt.srcPort === 7000);
    expect(payload && Buffer.from(payload.kind === 'sent' ? payload.pkt.payload.subarray(0, 16) : []).toString()).to.equal('send@timeline[3]');
    // the stranger's datagram reached the echo server's closed port 9
    const at9 = r.record.events.filter((e) => e.kind === 'dropped' && e.node === 'echo-server' && e.pkt.dstPort === 9);
    expect(at9.map((e) => (e.kind === 'dropped' ? e.reason : ''))).to.deep.equal(['port-unreachable']);
  });

  it('records every action as a timeline event, sorted by time with ties in file order', () => {
    const tl = r.record.events.filter((e): e is AgentEvent => e.kind === 'agent' && e.agent === 'timeline');
    expect(tl.map((e) => `${e.t / 1000} ${String(e.data!.entry)} ${e.event}`)).to.deep.equal([
      '3000 timeline[0] start',
      '3001 timeline[4] send', // the first mapping: late's first datagram reaches home-nat 1 ms after it is sent
      '4500 timeline[1] start',
      '6000 timeline[2] stop',
      '7000 timeline[3] send',
      '8000 timeline[6] send',
      '9000 timeline[5] start',
      '9000 timeline[7] send',
    ]);
    const nine = tl.find((e) => e.data!.entry === 'timeline[5]')!;
    expect(nine.data).to.deep.equal({ entry: 'timeline[5]', action: 'start echo', description: 'echo comes back' });
    expect(tl.find((e) => e.data!.entry === 'timeline[3]')!.data!.action).to.equal('send 2 x 100 bytes from laptop to 203.0.113.7:7');
  });
});
