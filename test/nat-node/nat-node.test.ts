import { expect } from 'chai';
import { World } from '../../src/net/world';
import { addNat, addFirewall } from '../../src/nat/add-nat';
import type { NatInit } from '../../src/nat/nat-config';
import { TraceRecorder } from '../../src/sim/trace';
import { listen } from '../net/helpers';

/** alice 192.168.1.10 behind NAT `home` (wan 203.0.113.10) on the internet with server 198.51.100.1... flat /16. */
function homeWorld(settings: NatInit): World {
  const w = new World();
  w.network('internet', '203.0.0.0/8', { latency: 10 });
  w.network('lan', '192.168.1.0/24', { latency: 1 });
  addNat(w, 'home', { settings, outside: { network: 'internet', ip: '203.0.113.10' }, inside: [{ network: 'lan', ip: '192.168.1.1' }] });
  w.host('alice', { ifaces: [{ network: 'lan', ip: '192.168.1.10' }], gateway: '192.168.1.1' });
  w.host('bob', { ifaces: [{ network: 'lan', ip: '192.168.1.11' }], gateway: '192.168.1.1' });
  w.host('server', { ifaces: [{ network: 'internet', ip: '203.0.113.200' }] });
  return w;
}

describe('NAT node', () => {
  it('translates outbound, traces the 5-tuples, and lets the reply back through', () => {
    const w = homeWorld({ preset: 'port-restricted-cone' });
    const rec = new TraceRecorder(w.sim.trace);
    const srv = listen(w.getHost('server'), 3478, w);
    srv.sock.on('message', (m, r) => srv.sock.send(m, r.port, r.address));
    const alice = listen(w.getHost('alice'), 5000, w);
    alice.sock.send(Buffer.from('ping'), 3478, '203.0.113.200');
    w.runFor(1000);
    expect(srv.got.map((g) => g.from)).to.deep.equal(['203.0.113.10:5000']);
    expect(alice.got.map((g) => [g.data, g.from, g.at])).to.deep.equal([['ping', '203.0.113.200:3478', 22]]);
    const tr = rec.ofKind('translated').map((e) => e.direction);
    expect(tr).to.deep.equal(['outbound', 'inbound']);
    expect(rec.ofKind('mapping-created').map((e) => [e.internal, e.external])).to.deep.equal([['192.168.1.10:5000', '203.0.113.10:5000']]);
  });

  it('drops unsolicited inbound with nat-no-mapping and filtered inbound with nat-filtered', () => {
    const w = homeWorld({ preset: 'port-restricted-cone' });
    const rec = new TraceRecorder(w.sim.trace);
    listen(w.getHost('alice'), 5000, w).sock.send(Buffer.from('x'), 3478, '203.0.113.200');
    w.runFor(1000);
    const s = w.getHost('server').createSocket();
    s.bind(9999);
    s.send(Buffer.from('from other port'), 5000, '203.0.113.10');
    s.send(Buffer.from('to unmapped port'), 6000, '203.0.113.10');
    w.runFor(1000);
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason])).to.deep.equal([
      ['server', 'port-unreachable'], ['home', 'nat-filtered'], ['home', 'nat-no-mapping'],
    ]);
  });

  it('traces mapping-expired at the exact timeout and then treats the port as expired', () => {
    const w = homeWorld({ preset: 'full-cone', mappingTimeout: 30_000 });
    const rec = new TraceRecorder(w.sim.trace);
    listen(w.getHost('alice'), 5000, w).sock.send(Buffer.from('x'), 1, '203.0.113.200');
    w.runFor(60_000);
    const expired = rec.ofKind('mapping-expired');
    expect(expired.map((e) => [e.t, e.external])).to.deep.equal([[30_001_000, '203.0.113.10:5000']]);
    w.getHost('server').createSocket().send(Buffer.from('late'), 5000, '203.0.113.10');
    w.runFor(1000);
    expect(rec.ofKind('dropped').filter((d) => d.node === 'home').map((d) => d.reason)).to.deep.equal(['nat-mapping-expired']);
  });

  it('hairpins with the mapped address as source when on (REQ-9a) and drops when off', () => {
    for (const hairpinning of [true, false]) {
      const w = homeWorld({ preset: 'full-cone', hairpinning });
      const rec = new TraceRecorder(w.sim.trace);
      const bob = listen(w.getHost('bob'), 6000, w);
      bob.sock.send(Buffer.from('open'), 1, '203.0.113.200');
      w.runFor(1000);
      listen(w.getHost('alice'), 5000, w).sock.send(Buffer.from('hi bob'), 6000, '203.0.113.10');
      w.runFor(1000);
      if (hairpinning) {
        expect(bob.got.map((g) => [g.data, g.from])).to.deep.equal([['hi bob', '203.0.113.10:5000']]);
        expect(rec.ofKind('translated').map((e) => e.direction)).to.include('hairpin');
      } else {
        expect(bob.got).to.deep.equal([]);
        expect(rec.ofKind('dropped').filter((d) => d.node === 'home').map((d) => d.reason)).to.deep.equal(['nat-hairpin-off']);
      }
    }
  });

  it('reaches a public server through a home NAT behind a CGNAT, with both mapping tables', () => {
    const w = new World();
    w.network('internet', '198.51.100.0/24');
    w.network('isp', '100.64.0.0/10');
    w.network('lan', '192.168.1.0/24');
    const cgn = addNat(w, 'cgn', { settings: { preset: 'cgnat', externalIps: ['198.51.100.1', '198.51.100.2'] }, outside: { network: 'internet', ip: '198.51.100.1' }, inside: [{ network: 'isp', ip: '100.64.0.1' }] });
    const home = addNat(w, 'home', { settings: { preset: 'port-restricted-cone' }, outside: { network: 'isp', ip: '100.64.0.10', gateway: '100.64.0.1' }, inside: [{ network: 'lan', ip: '192.168.1.1' }] });
    w.host('alice', { ifaces: [{ network: 'lan', ip: '192.168.1.10' }], gateway: '192.168.1.1' });
    w.host('server', { ifaces: [{ network: 'internet', ip: '198.51.100.200' }] });
    const srv = listen(w.getHost('server'), 3478, w);
    srv.sock.on('message', (m, r) => srv.sock.send(m, r.port, r.address));
    const alice = listen(w.getHost('alice'), 5000, w);
    alice.sock.send(Buffer.from('hello'), 3478, '198.51.100.200');
    w.runFor(1000);
    expect(alice.got.map((g) => g.data)).to.deep.equal(['hello']);
    const h = home.snapshot();
    const c = cgn.snapshot();
    expect(h.map((m) => [m.internal, m.external])).to.deep.equal([['192.168.1.10:5000', '100.64.0.10:5000']]);
    expect(c).to.have.length(1);
    expect(c[0].internal).to.equal('100.64.0.10:5000');
    expect(srv.got[0].from).to.equal(c[0].external);
    expect(c[0].external).to.match(/^198\.51\.100\.[12]:\d+$/);
  });

  it('flushes mappings on reboot so the old external port no longer reaches inside', () => {
    const w = homeWorld({ preset: 'full-cone' });
    const rec = new TraceRecorder(w.sim.trace);
    listen(w.getHost('alice'), 5000, w).sock.send(Buffer.from('x'), 1, '203.0.113.200');
    w.runFor(1000);
    (w.node('home') as ReturnType<typeof addNat>).reboot();
    w.getHost('server').createSocket().send(Buffer.from('after reboot'), 5000, '203.0.113.10');
    w.runFor(1000);
    expect(rec.ofKind('mapping-flushed')).to.have.length(1);
    expect(rec.ofKind('dropped').filter((d) => d.node === 'home').map((d) => d.reason)).to.deep.equal(['nat-no-mapping']);
  });
});

describe('firewall node', () => {
  it('blocks unsolicited inbound but admits replies to what the inside sent', () => {
    const w = new World();
    w.network('internet', '203.0.113.0/24');
    w.network('lan', '203.0.114.0/24');
    addFirewall(w, 'fw', { outside: { network: 'internet', ip: '203.0.113.1' }, inside: [{ network: 'lan', ip: '203.0.114.1' }] });
    w.host('inside', { ifaces: [{ network: 'lan', ip: '203.0.114.10' }], gateway: '203.0.114.1' });
    w.host('outside', { ifaces: [{ network: 'internet', ip: '203.0.113.50' }], gateway: '203.0.113.1' });
    const rec = new TraceRecorder(w.sim.trace);
    const inside = listen(w.getHost('inside'), 5000, w);
    const outside = listen(w.getHost('outside'), 7000, w);
    outside.sock.send(Buffer.from('unsolicited'), 5000, '203.0.114.10');
    w.runFor(1000);
    inside.sock.send(Buffer.from('out'), 7000, '203.0.113.50');
    w.runFor(1000);
    outside.sock.send(Buffer.from('reply'), 5000, '203.0.114.10');
    w.runFor(1000);
    expect(inside.got.map((g) => g.data)).to.deep.equal(['reply']);
    expect(outside.got.map((g) => [g.data, g.from])).to.deep.equal([['out', '203.0.114.10:5000']]);
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason, d.detail])).to.deep.equal([['fw', 'firewall', 'unsolicited inbound']]);
  });
});
