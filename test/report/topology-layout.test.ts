import { expect } from 'chai';
import { layoutTopology, outsideIface, privateRank } from '../../src/report/html/topology-layout';
import type { TopologyInfo } from '../../src/report/run-record';
import { EXAMPLE_TOPOLOGY, SMALL_TOPOLOGY } from './support/sample-records';

describe('report/topology-layout', () => {
  it('puts public servers on top, NATs in the middle and private hosts at the bottom', () => {
    const l = layoutTopology(EXAMPLE_TOPOLOGY);
    const y = (name: string): number => l.nodes.find((n) => n.node.name === name)!.y;
    const bar = (name: string): number => l.nets.find((n) => n.net.name === name)!.y;
    expect(y('stun')).to.be.lessThan(bar('internet'));
    expect(bar('internet')).to.be.lessThan(y('home'));
    expect(y('home')).to.be.lessThan(bar('home-lan'));
    expect(bar('home-lan')).to.be.lessThan(y('alice'));
    expect(y('home')).to.equal(y('office'));
    expect(l.nets.find((n) => n.net.name === 'internet')!.isPublic).to.equal(true);
    expect(l.nets.find((n) => n.net.name === 'home-lan')!.isPublic).to.equal(false);
  });

  it('places each private network under its NAT, side by side', () => {
    const l = layoutTopology(EXAMPLE_TOPOLOGY);
    const x = (name: string): number => l.nodes.find((n) => n.node.name === name)!.x;
    expect(x('alice')).to.equal(x('home'));
    expect(x('bob')).to.equal(x('office'));
    expect(x('home')).to.be.lessThan(x('office'));
  });

  it('infers the outside interface from the least private network when roles are missing', () => {
    const nets = new Map([['lan', { name: 'lan', cidr: '192.168.1.0/24' }], ['cgn', { name: 'cgn', cidr: '100.64.0.0/10' }], ['inet', { name: 'inet', cidr: '203.0.113.0/24' }]]);
    const cpe = { name: 'cpe', kind: 'nat' as const, ifaces: [{ name: 'wan', ip: '100.64.0.2', network: 'cgn' }, { name: 'lan', ip: '192.168.1.1', network: 'lan' }] };
    const cgn = { name: 'cgn', kind: 'nat' as const, ifaces: [{ name: 'in', ip: '100.64.0.1', network: 'cgn' }, { name: 'out', ip: '203.0.113.5', network: 'inet' }] };
    expect(outsideIface(cpe, nets)!.name).to.equal('wan');
    expect(outsideIface(cgn, nets)!.name).to.equal('out');
    expect([privateRank('10.1.0.0/16'), privateRank('172.20.0.0/16'), privateRank('100.100.0.0/16'), privateRank('8.8.8.0/24')]).to.deep.equal([2, 2, 1, 0]);
  });

  it('stacks a double NAT three levels deep', () => {
    const topo: TopologyInfo = {
      networks: [{ name: 'inet', cidr: '203.0.113.0/24' }, { name: 'cgn', cidr: '100.64.0.0/10' }, { name: 'lan', cidr: '192.168.1.0/24' }],
      nodes: [
        { name: 'h', kind: 'host', ifaces: [{ name: 'eth0', ip: '192.168.1.2', network: 'lan' }] },
        { name: 'cpe', kind: 'nat', ifaces: [{ name: 'lan', ip: '192.168.1.1', network: 'lan' }, { name: 'wan', ip: '100.64.0.2', network: 'cgn' }] },
        { name: 'carrier', kind: 'nat', detail: 'cgnat', ifaces: [{ name: 'in', ip: '100.64.0.1', network: 'cgn' }, { name: 'out', ip: '203.0.113.5', network: 'inet' }] },
        { name: 's', kind: 'stun-server', ifaces: [{ name: 'eth0', ip: '203.0.113.100', network: 'inet' }] },
      ],
    };
    const l = layoutTopology(topo);
    const tier = (name: string): number => l.nodes.find((n) => n.node.name === name)!.tier;
    expect([tier('s'), tier('carrier'), tier('cpe'), tier('h')]).to.deep.equal([0, 1, 2, 3]);
    expect(l.nets.map((n) => [n.net.name, n.depth])).to.deep.equal([['inet', 0], ['cgn', 1], ['lan', 2]]);
  });

  it('survives a cycle of gateways and nodes on unknown networks', () => {
    const topo: TopologyInfo = {
      networks: [{ name: 'a', cidr: '10.0.0.0/24' }, { name: 'b', cidr: '10.0.1.0/24' }],
      nodes: [
        { name: 'n1', kind: 'nat', ifaces: [{ name: 'x', ip: '10.0.0.1', network: 'a', role: 'outside' }, { name: 'y', ip: '10.0.1.1', network: 'b' }] },
        { name: 'n2', kind: 'nat', ifaces: [{ name: 'x', ip: '10.0.1.2', network: 'b', role: 'outside' }, { name: 'y', ip: '10.0.0.2', network: 'a' }] },
        { name: 'lost', kind: 'host', ifaces: [{ name: 'eth0', ip: '1.2.3.4', network: 'nowhere' }] },
      ],
    };
    const l = layoutTopology(topo);
    expect(l.nodes.map((n) => n.node.name).sort()).to.deep.equal(['lost', 'n1', 'n2']);
    expect(l.nets).to.have.length(2);
  });

  it('gives the same layout every time', () => {
    expect(JSON.stringify(layoutTopology(SMALL_TOPOLOGY))).to.equal(JSON.stringify(layoutTopology(SMALL_TOPOLOGY)));
  });
});
