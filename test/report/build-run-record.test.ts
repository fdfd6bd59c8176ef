import { expect } from 'chai';
import { World } from '../../src/net/world';
import { runRecordFromSim, statsFromEvents, topologyFromWorld } from '../../src/report/build-run-record';
import { buildLadder } from '../../src/report/html/ladder-model';
import { summaryJson } from '../../src/report/summary-json';
import { TraceRecorder } from '../../src/sim/trace';

/** a (10.0.0.2) on lan, router r between lan and wan, b (198.51.100.7) on wan; a sends "hi" to b:7000. */
function smallWorld(): { world: World; rec: TraceRecorder } {
  const world = new World({ seed: 3 });
  world.network('lan', '10.0.0.0/24', { latency: 2 });
  world.network('wan', '198.51.100.0/24', { latency: 5 });
  world.router('r', [{ network: 'lan', ip: '10.0.0.1' }, { network: 'wan', ip: '198.51.100.1' }]);
  const a = world.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }], gateway: '10.0.0.1' });
  const b = world.host('b', { ifaces: [{ network: 'wan', ip: '198.51.100.7' }], gateway: '198.51.100.1' });
  const rec = new TraceRecorder(world.sim.trace);
  b.createSocket().bind(7000);
  const s = a.createSocket().bind(4000);
  world.runUntilIdle();
  s.send(Buffer.from('hi'), 7000, '198.51.100.7');
  s.send(Buffer.from('lost'), 7001, '198.51.100.7');
  world.runUntilIdle();
  return { world, rec };
}

describe('report/build-run-record', () => {
  it('reads the topology of a world: networks, nodes, kinds and addresses', () => {
    const { world } = smallWorld();
    const topo = topologyFromWorld(world, (n) => (n.name === 'b' ? { kind: 'stun-server', detail: 'port 7000' } : undefined));
    expect(topo.networks).to.deep.equal([{ name: 'lan', cidr: '10.0.0.0/24' }, { name: 'wan', cidr: '198.51.100.0/24' }]);
    expect(topo.nodes).to.deep.equal([
      { name: 'r', kind: 'router', ifaces: [{ name: 'eth0', ip: '10.0.0.1', network: 'lan' }, { name: 'eth1', ip: '198.51.100.1', network: 'wan' }] },
      { name: 'a', kind: 'host', ifaces: [{ name: 'eth0', ip: '10.0.0.2', network: 'lan' }] },
      { name: 'b', kind: 'stun-server', detail: 'port 7000', ifaces: [{ name: 'eth0', ip: '198.51.100.7', network: 'wan' }] },
    ]);
    expect(JSON.parse(JSON.stringify(topo))).to.deep.equal(topo);
  });

  it('takes stats from the Sim, so the trace hash is the one the run printed', () => {
    const { world, rec } = smallWorld();
    const record = runRecordFromSim(world.sim, {
      scenario: { name: 'w', description: '', seed: 3 }, topology: topologyFromWorld(world), events: rec.events, expectations: [],
    });
    expect(record.stats.traceHash).to.equal(world.sim.trace.digest());
    expect(record.stats.events).to.equal(rec.events.length);
    expect(record.stats.virtualTimeMs).to.equal(world.nowMs);
    expect(record.stats.counters['dropped:port-unreachable']).to.equal(1);
    expect(Object.keys(record.stats.counters)).to.deep.equal([...Object.keys(record.stats.counters)].sort());
    const fromEvents = statsFromEvents(rec.events, world.sim.now);
    expect(fromEvents).to.deep.equal(record.stats);
    expect(JSON.parse(summaryJson(record)).counters.dropsByReason['port-unreachable']).to.equal(1);
  });

  it('draws a real trace: the router stays transparent, the closed port is a drop at b', () => {
    const { world, rec } = smallWorld();
    const m = buildLadder(topologyFromWorld(world), rec.events);
    expect(m.lifelines.map((l) => l.name)).to.deep.equal(['a', 'b']);
    const hops = m.rows.filter((r) => r.type === 'hop');
    expect(hops.map((h) => [h.from, h.to, h.label.text, h.drop?.reason])).to.deep.equal([
      ['a', 'b', '"hi"', undefined], ['a', 'b', '"lost"', 'port-unreachable'],
      // b answers the closed port with ICMP (RFC 1122 §4.1.3.1), drawn as its own arrow.
      ['b', 'a', 'ICMP port unreachable', undefined],
    ]);
    expect(hops[0].arrive - hops[0].t).to.equal(7000);
  });
});
