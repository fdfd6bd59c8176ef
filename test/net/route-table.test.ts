/**
 * RouteTable: longest-prefix match per family, with the last two lookups cached (a NAT asks for a flow's two ends
 * in turn); every change to the routes must drop both cached answers.
 */
import { expect } from 'chai';
import { parseNetPrefix } from '../../src/net/cidr6';
import type { Iface } from '../../src/net/iface';
import { parseIpv4 } from '../../src/net/ipv4';
import { RouteTable } from '../../src/net/route-table';

/** Stand-in interfaces: the table only stores and compares them. */
const lan = { name: 'lan' } as unknown as Iface;
const wan = { name: 'wan' } as unknown as Iface;
const vpn = { name: 'vpn' } as unknown as Iface;

const via = (t: RouteTable, ip: string): string | undefined => (t.lookup(parseIpv4(ip)) as { iface: { name: string } } | undefined)?.iface.name;

describe('RouteTable', () => {
  it('answers two destinations asked in turn, and the longest prefix after a route is added or removed', () => {
    const t = new RouteTable();
    t.add({ prefix: parseNetPrefix('10.0.0.0/24'), iface: lan });
    t.add({ prefix: parseNetPrefix('0.0.0.0/0'), iface: wan, via: parseIpv4('198.51.100.254') });
    // The two ends of a flow through a NAT, in turn: both answers come from the cache after the first round.
    for (let i = 0; i < 3; i++) {
      expect(via(t, '10.0.0.10')).to.equal('lan');
      expect(via(t, '203.0.113.5')).to.equal('wan');
    }
    // A more specific route for the outside address, now the older of the two cached answers: both are dropped.
    expect(via(t, '10.0.0.20')).to.equal('lan');
    t.add({ prefix: parseNetPrefix('203.0.113.0/24'), iface: vpn });
    expect(via(t, '203.0.113.5')).to.equal('vpn');
    expect(via(t, '10.0.0.10')).to.equal('lan');
    expect(via(t, '203.0.113.5')).to.equal('vpn');
    // The LAN goes away while its destination is the older cached answer.
    expect(via(t, '10.0.0.10')).to.equal('lan');
    expect(via(t, '198.51.100.7')).to.equal('wan');
    t.removeIface(lan);
    expect(via(t, '10.0.0.10')).to.equal('wan');
    t.removeIface(wan);
    expect(via(t, '10.0.0.10')).to.equal(undefined);
    expect(via(t, '203.0.113.5')).to.equal('vpn');
  });
});
