/** End to end with real sockets: an NPTv6 box and a dual-stack home router between hosts on IPv6 networks. */
import { expect } from 'chai';
import { DualStackNatNode, Nptv6Node } from '../../src/nat';
import { World } from '../../src/net/world';
import { TraceRecorder } from '../../src/sim/trace';

/** Server at `serverIp` echoes; the client sends `text` from port 5000 to it; returns what each side saw. */
function echo(w: World, client: string, server: string, serverIp: string): { atServer: string[]; atClient: string[] } {
  const atServer: string[] = [];
  const atClient: string[] = [];
  const s = w.getHost(server).createSocket('udp6').bind(3478);
  s.on('message', (m, r) => {
    atServer.push(`from [${r.address}]:${r.port}`);
    s.send(m, r.port, r.address);
  });
  const c = w.getHost(client).createSocket('udp6').bind(5000);
  c.on('message', (_m, r) => atClient.push(`from [${r.address}]:${r.port}`));
  w.runUntilIdle();
  c.send(Buffer.from('ping'), 3478, serverIp);
  w.runUntilIdle();
  return { atServer, atClient };
}

describe('IPv6 middleboxes end to end', () => {
  it('NPTv6: the server sees the outside prefix with the checksum-neutral word, the reply comes back to the inside address', () => {
    const w = new World();
    w.network('lan', 'fd01:203:405:1::/64');
    w.network('wan', '2001:db8:ff::/64');
    const npt = w.add(new Nptv6Node(w.sim, 'npt', { insidePrefix: 'fd01:203:405::/48', outsidePrefix: '2001:db8:1::/48' }));
    npt.attachOutside(w.getNetwork('wan'), '2001:db8:ff::2');
    npt.attachInside(w.getNetwork('lan'), 'fd01:203:405:1::1');
    w.host('pc', { ifaces: [{ network: 'lan', ip: 'fd01:203:405:1::1234' }], gateway: 'fd01:203:405:1::1' });
    w.host('server', { ifaces: [{ network: 'wan', ip: '2001:db8:ff::1' }], gateway: '2001:db8:ff::2' });
    const rec = new TraceRecorder(w.sim.trace);
    const { atServer, atClient } = echo(w, 'pc', 'server', '2001:db8:ff::1');
    expect(atServer).to.deep.equal(['from [2001:db8:1:d550::1234]:5000']);
    expect(atClient).to.deep.equal(['from [2001:db8:ff::1]:3478']);
    expect(rec.ofKind('translated').map((e) => e.direction)).to.deep.equal(['outbound', 'inbound']);
  });

  it('dual-stack home: IPv6 reaches the server untranslated; an unsolicited IPv6 packet from the server is dropped by the firewall', () => {
    const w = new World();
    w.network('lan', ['192.168.1.0/24', '2001:db8:1::/64']);
    w.network('wan', ['203.0.113.0/24', '2001:db8:ff::/64']);
    const box = w.add(new DualStackNatNode(w.sim, 'home', { nat: { preset: 'port-restricted-cone' } }));
    box.attachOutside(w.getNetwork('wan'), ['203.0.113.2', '2001:db8:ff::2']);
    box.attachInside(w.getNetwork('lan'), ['192.168.1.1', '2001:db8:1::1']);
    w.host('pc', { ifaces: [{ network: 'lan', ip: ['192.168.1.10', '2001:db8:1::10'] }], gateway: ['192.168.1.1', '2001:db8:1::1'] });
    w.host('server', { ifaces: [{ network: 'wan', ip: ['203.0.113.1', '2001:db8:ff::1'] }], gateway: ['203.0.113.2', '2001:db8:ff::2'] });
    const rec = new TraceRecorder(w.sim.trace);
    const { atServer, atClient } = echo(w, 'pc', 'server', '2001:db8:ff::1');
    expect(atServer).to.deep.equal(['from [2001:db8:1::10]:5000']);
    expect(atClient).to.deep.equal(['from [2001:db8:ff::1]:3478']);
    const stranger = w.getHost('server').createSocket('udp6').bind(9999);
    stranger.send(Buffer.from('knock'), 6000, '2001:db8:1::10');
    w.runUntilIdle();
    expect(rec.ofKind('dropped').map((e) => [e.node, e.reason])).to.deep.equal([['home', 'firewall']]);
    expect(rec.ofKind('translated')).to.have.length(0);
  });
});
