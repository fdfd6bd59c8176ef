/**
 * `setLink` in the timeline: latency and loss changes, for one member or every member of a network, and a link
 * taken down and brought back up. The laptop pings the echo server once a second; the trace tells each ping's fate.
 */
import { expect } from 'chai';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { homeScenario, run, timesMs } from '../support';

describe('timeline: setLink (latency, loss, down and up)', () => {
  let r: ScenarioRunResult;
  before(() => {
    // Base latencies: home 1 ms, internet 10 ms, so a ping reaches the echo server after 11 ms and its echo is
    // back after 22 ms.
    r = run(homeScenario(`
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  pinger: { type: traffic, host: laptop, port: 5000, to: echo, count: 10, every: 1s }
timeline:
  - { at: 1500ms, setLink: { network: internet, latency: 100ms } }
  - { at: 3500ms, setLink: { network: internet, node: echo-server, loss: 100% } }
  - { at: 5500ms, setLink: { network: internet, node: echo-server, loss: 0 } }
  - { at: 5500ms, setLink: { network: home, up: false } }
  - { at: 7500ms, setLink: { network: home, up: true } }
`, 'duration: 12s'));
  });

  it('applies a new latency to every member from its time on', () => {
    expect(timesMs(r, (e) => e.kind === 'delivered' && e.node === 'echo-server')).to.deep.equal([11, 1011, 2101, 3101, 4101, 5101, 8101, 9101]);
  });

  it('loses only what the named member sends while its loss is 100%, as link-loss on that network', () => {
    // pings still reach the echo server at 4.1 s and 5.1 s, but its echoes die on the Internet segment
    const lost = r.record.events.filter((e) => e.kind === 'dropped' && e.reason === 'link-loss');
    expect(lost.map((e) => `${e.t / 1000} ${e.node} ${e.kind === 'dropped' ? e.pkt.srcPort : ''}`)).to.deep.equal(['4101 internet 7', '5101 internet 7']);
  });

  it('drops everything on a down link as link-down and carries traffic again once it is up', () => {
    const down = r.record.events.filter((e) => e.kind === 'dropped' && e.reason === 'link-down');
    expect(down.map((e) => `${e.t / 1000} ${e.node}`)).to.deep.equal(['6000 home', '7000 home']);
    expect(timesMs(r, (e) => e.kind === 'delivered' && e.node === 'laptop')).to.deep.equal([22, 1022, 2202, 3202, 8202, 9202]);
  });

  it('records each change in the trace with what it changed', () => {
    const tl = r.record.events.filter((e) => e.kind === 'agent' && e.agent === 'timeline');
    expect(tl.map((e) => `${e.t / 1000} ${e.kind === 'agent' ? String(e.data!.action) : ''}`)).to.deep.equal([
      '1500 setLink internet latency',
      '3500 setLink internet (echo-server) loss',
      '5500 setLink internet (echo-server) loss',
      '5500 setLink home down',
      '7500 setLink home up',
    ]);
  });
});
