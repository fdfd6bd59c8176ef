/**
 * Timeline entries that change NATs and hosts: rebootNat (mappings flushed, optionally a new external address),
 * setNat (new behaviour from then on), sleep/wake (host-down drops, timers held) and move (another network and
 * address, so another NAT). The laptop pings the echo server once a second; the trace shows what changed.
 */
import { expect } from 'chai';
import type { DeliveredEvent, MappingEvent, TraceEvent, TranslatedEvent } from '../../../src/sim/trace-events';
import { formatIpv4 } from '../../../src/net/ipv4';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { homeScenario, run, timesMs } from '../support';

const AGENTS = (count: number) => `
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  pinger: { type: traffic, host: laptop, port: 5000, to: echo, count: ${count}, every: 1s }
`;

/** `ms node external` of outbound translations, e.g. `2001 home-nat 203.0.113.10:5000`. */
function outbound(r: ScenarioRunResult): string[] {
  return r.record.events
    .filter((e): e is TranslatedEvent => e.kind === 'translated' && e.direction === 'outbound')
    .map((e) => `${e.t / 1000} ${e.node} ${formatIpv4(e.after.src)}:${e.after.srcPort}`);
}

function mappingEvents(r: ScenarioRunResult): string[] {
  return r.record.events
    .filter((e: TraceEvent): e is MappingEvent => e.kind.startsWith('mapping-') && e.kind !== 'mapping-refreshed')
    .map((e) => `${e.t / 1000} ${e.kind} ${e.node} ${e.internal} ${e.external}${e.remote ? ` ${e.remote}` : ''}`);
}

function dropsAt(r: ScenarioRunResult, node: string): string[] {
  return r.record.events.filter((e) => e.kind === 'dropped' && e.node === node).map((e) => `${e.t / 1000} ${e.kind === 'dropped' ? e.reason : ''}`);
}

describe('timeline: rebootNat', () => {
  let r: ScenarioRunResult;
  before(() => {
    // Each reboot comes 15 ms after a ping, while its echo is on the way back (it reaches the NAT 21 ms after).
    r = run(homeScenario(`${AGENTS(4)}
timeline:
  - { at: 1015ms, rebootNat: { nat: home-nat } }
  - { at: 2015ms, rebootNat: { nat: home-nat, externalIp: 203.0.113.11 } }
`, 'duration: 5s'));
  });

  it('flushes every mapping at its time, so the echo on its way back finds none', () => {
    expect(mappingEvents(r).slice(0, 3)).to.deep.equal([
      '1 mapping-created home-nat 192.168.1.10:5000 203.0.113.10:5000',
      '1015 mapping-flushed home-nat 192.168.1.10:5000 203.0.113.10:5000',
      '2001 mapping-created home-nat 192.168.1.10:5000 203.0.113.10:5000',
    ]);
    expect(dropsAt(r, 'home-nat')[0]).to.equal('1021 nat-no-mapping');
    // echoes of the pings at 0 s and 3 s come back; those of 1 s and 2 s were on their way when the NAT rebooted
    expect(timesMs(r, (e) => e.kind === 'delivered' && e.node === 'laptop')).to.deep.equal([22, 3022]);
  });

  it('comes back on the new external address when one is given, and new mappings use it', () => {
    expect(mappingEvents(r).slice(3)).to.deep.equal([
      '2015 mapping-flushed home-nat 192.168.1.10:5000 203.0.113.10:5000',
      '3001 mapping-created home-nat 192.168.1.10:5000 203.0.113.11:5000',
    ]);
    expect(outbound(r)).to.deep.equal([
      '1 home-nat 203.0.113.10:5000', '1001 home-nat 203.0.113.10:5000', '2001 home-nat 203.0.113.10:5000', '3001 home-nat 203.0.113.11:5000',
    ]);
    // the echo server answers the new address, and the NAT translates the answer back to the laptop
    const inbound = r.record.events.filter((e): e is TranslatedEvent => e.kind === 'translated' && e.direction === 'inbound' && e.t > 3e6);
    expect(inbound.map((e) => `${formatIpv4(e.before.dst)} -> ${formatIpv4(e.after.dst)}:${e.after.dstPort}`)).to.deep.equal(['203.0.113.11 -> 192.168.1.10:5000']);
    // the echo of the ping at 2 s was addressed to the old address: dropped at the NAT too
    expect(dropsAt(r, 'home-nat')).to.have.length(2);
    expect(dropsAt(r, 'home-nat')[1]).to.match(/^2021 /);
  });
});

describe('timeline: setNat', () => {
  it('changes filtering from then on: a stranger is filtered before and let in after', () => {
    const r = run(homeScenario(`${AGENTS(3)}
timeline:
  - { at: 1500ms, send: { host: stranger, to: 203.0.113.10:5000 } }
  - { at: 2500ms, setNat: { nat: home-nat, filtering: endpoint-independent } }
  - { at: 3500ms, send: { host: stranger, to: 203.0.113.10:5000 } }
`, 'duration: 5s'));
    expect(dropsAt(r, 'home-nat')).to.deep.equal(['1510 nat-filtered']);
    const fromStranger = r.record.events.filter((e) => e.kind === 'delivered' && e.node === 'laptop' && formatIpv4(e.pkt.src) === '203.0.113.66');
    expect(fromStranger.map((e) => e.t / 1000)).to.deep.equal([3511]);
    // the mapping is kept: filtering changes do not flush it
    expect(mappingEvents(r)).to.deep.equal(['1 mapping-created home-nat 192.168.1.10:5000 203.0.113.10:5000']);
    const tl = r.record.events.find((e) => e.kind === 'agent' && e.agent === 'timeline' && e.event === 'set-nat');
    expect(tl && tl.kind === 'agent' && tl.data!.action).to.equal('setNat home-nat filtering');
  });

  it('changes mapping behaviour with a preset: endpoint-independent mappings are flushed, new ones are per destination', () => {
    const r = run(homeScenario(`${AGENTS(4)}
timeline:
  - { at: 1500ms, setNat: { nat: home-nat, preset: symmetric, mappingTimeout: 30s } }
`, 'duration: 5s'));
    const m = mappingEvents(r);
    expect(m.slice(0, 2)).to.deep.equal([
      '1 mapping-created home-nat 192.168.1.10:5000 203.0.113.10:5000',
      '1500 mapping-flushed home-nat 192.168.1.10:5000 203.0.113.10:5000',
    ]);
    expect(m).to.have.length(3);
    expect(m[2]).to.match(/^2001 mapping-created home-nat 192\.168\.1\.10:5000 203\.0\.113\.10:\d+ 203\.0\.113\.7:7$/);
    const created = r.record.events.find((e) => e.kind === 'mapping-created' && e.t === 2_001_000);
    expect(created && created.kind === 'mapping-created' && created.expiresAt).to.equal(2_001_000 + 30_000_000);
    const tl = r.record.events.find((e) => e.kind === 'agent' && e.agent === 'timeline');
    expect(tl && tl.kind === 'agent' && tl.data!.action).to.equal('setNat home-nat preset symmetric mappingTimeout');
  });
});

describe('timeline: sleep and wake', () => {
  it('drops packets to a sleeping host as host-down and holds its timers until it wakes', () => {
    // The laptop falls asleep 10 ms after its second ping, so that ping's echo (due at 1.022 s) finds it asleep.
    const r = run(homeScenario(`${AGENTS(4)}
timeline:
  - { at: 1010ms, sleep: laptop }
  - { at: 3500ms, wake: [laptop] }
`, 'duration: 8s'));
    expect(dropsAt(r, 'laptop')).to.deep.equal(['1022 host-down']);
    // the ping due at 2 s is held and goes out on waking; the rest keep their interval from there
    expect(timesMs(r, (e) => e.kind === 'sent' && e.node === 'laptop')).to.deep.equal([0, 1000, 3500, 4500]);
    expect(timesMs(r, (e) => e.kind === 'delivered' && e.node === 'laptop')).to.deep.equal([22, 3522, 4522]);
  });

  it('puts a server to sleep: what reaches it is dropped until it wakes', () => {
    const r = run(homeScenario(`${AGENTS(4)}
timeline:
  - { at: 500ms, sleep: echo-server }
  - { at: 2500ms, wake: echo-server }
`, 'duration: 5s'));
    expect(dropsAt(r, 'echo-server')).to.deep.equal(['1011 host-down', '2011 host-down']);
    expect(timesMs(r, (e) => e.kind === 'delivered' && e.node === 'echo-server')).to.deep.equal([11, 3011]);
  });
});

describe('timeline: move', () => {
  it('moves the laptop to the cafe: its packets leave from the new address through the cafe NAT', () => {
    const r = run(homeScenario(`${AGENTS(4)}
timeline:
  - { at: 1500ms, move: { host: laptop, network: cafe, ip: 10.9.0.10 } }
`, 'duration: 5s'));
    const sent = r.record.events.filter((e) => e.kind === 'sent' && e.node === 'laptop').map((e) => (e.kind === 'sent' ? `${e.t / 1000} ${formatIpv4(e.pkt.src)}:${e.pkt.srcPort}` : ''));
    expect(sent).to.deep.equal(['0 192.168.1.10:5000', '1000 192.168.1.10:5000', '2000 10.9.0.10:5000', '3000 10.9.0.10:5000']);
    expect(outbound(r)).to.deep.equal(['1 home-nat 203.0.113.10:5000', '1001 home-nat 203.0.113.10:5000', '2001 cafe-nat 203.0.113.30:5000', '3001 cafe-nat 203.0.113.30:5000']);
    const echoes = r.record.events.filter((e): e is DeliveredEvent => e.kind === 'delivered' && e.node === 'laptop');
    expect(echoes.map((e) => `${e.t / 1000} ${formatIpv4(e.pkt.dst)}`)).to.deep.equal(['22 192.168.1.10', '1022 192.168.1.10', '2022 10.9.0.10', '3022 10.9.0.10']);
    const link = r.record.events.filter((e) => e.kind === 'link' && e.node === 'laptop').map((e) => (e.kind === 'link' ? `${e.iface}@${e.link}` : ''));
    expect([...new Set(link)]).to.deep.equal(['laptop/eth0@home', 'laptop/eth0@cafe']);
  });
});
