/**
 * The packet path's one-entry caches: Segment.transmit remembers, per sending interface, which member owns the next
 * hop it last sent to, and a Host which socket took the last datagram for an address and port. These tests check
 * that neither ever delivers to the wrong member or socket when membership or bindings change under it.
 */
import { expect } from 'chai';
import { TraceRecorder } from '../../src/sim/trace';
import { World } from '../../src/net/world';
import { parseIpv4 } from '../../src/net/ipv4';
import type { Host } from '../../src/net/host';
import { listen, twoHosts } from './helpers';

/** Two hosts with a recorder and a listener on b:9000; `send` sends a text from a to 10.0.0.2:9000 and runs. */
function aSendsToB(): { world: World; b: Host; rec: TraceRecorder; atB: ReturnType<typeof listen>; send(text: string): void } {
  const { world, a, b } = twoHosts();
  const rec = new TraceRecorder(world.sim.trace);
  const atB = listen(b, 9000, world);
  const tx = a.createSocket();
  const send = (text: string): void => {
    tx.send(Buffer.from(text), 9000, '10.0.0.2');
    world.runUntilIdle();
  };
  return { world, b, rec, atB, send };
}

describe('next-hop member cache', () => {
  it('delivers to the member that took over an address after the old owner left', () => {
    const { world, b, rec, atB, send } = aSendsToB();
    send('one');
    // b leaves the LAN; c joins with b's old address: a's next datagram to 10.0.0.2 must reach c, not b.
    b.detach(b.ifaces[0]);
    const c = world.host('c', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
    const atC = listen(c, 9000, world);
    send('two');
    expect(atB.got.map((g) => g.data)).to.deep.equal(['one']);
    expect(atC.got.map((g) => g.data)).to.deep.equal(['two']);
    expect(rec.ofKind('delivered').map((e) => e.node)).to.deep.equal(['b', 'c']);
  });

  it('drops no-route once the next hop left, and reaches it again when it comes back', () => {
    const { world, b, rec, atB, send } = aSendsToB();
    send('before');
    b.detach(b.ifaces[0]);
    send('away');
    b.attach(world.getNetwork('lan'), '10.0.0.2');
    send('back');
    expect(atB.got.map((g) => g.data)).to.deep.equal(['before', 'back']);
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason, d.detail])).to.deep.equal([['a', 'no-route', 'no member 10.0.0.2 on lan']]);
  });

  it('keeps each sender its own cache: two senders to two next hops on one network, interleaved', () => {
    const world = new World();
    world.network('lan', '10.0.0.0/24');
    const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip, i) => world.host(`h${i}`, { ifaces: [{ network: 'lan', ip }] }));
    const got = hosts.map((h) => listen(h, 9000, world).got);
    const s0 = hosts[0].createSocket();
    const s1 = hosts[1].createSocket();
    for (let i = 0; i < 3; i++) {
      s0.send(Buffer.from(`0>2 #${i}`), 9000, '10.0.0.3');
      s1.send(Buffer.from(`1>3 #${i}`), 9000, '10.0.0.4');
      s0.send(Buffer.from(`0>3 #${i}`), 9000, '10.0.0.4');
    }
    world.runUntilIdle();
    expect(got.map((g) => g.map((x) => x.data))).to.deep.equal([
      [], [], ['0>2 #0', '0>2 #1', '0>2 #2'], ['1>3 #0', '0>3 #0', '1>3 #1', '0>3 #1', '1>3 #2', '0>3 #2'],
    ]);
  });
});

describe('delivering socket cache', () => {
  it('hands datagrams to the socket bound now: closed and rebound, and a second family taking over a port', () => {
    const { world, a, b } = twoHosts();
    const tx = a.createSocket();
    const send = (text: string): void => {
      tx.send(Buffer.from(text), 9000, '10.0.0.2');
      world.runUntilIdle();
    };
    const first = listen(b, 9000, world);
    send('to first');
    first.sock.close();
    send('to nobody');
    const second = listen(b, 9000, world);
    send('to second');
    // A udp6 IPV6_V6ONLY socket shares the port with the udp4 one and must not take IPv4 datagrams.
    const v6 = b.createSocket({ type: 'udp6', ipv6Only: true });
    const v6got: string[] = [];
    v6.on('message', (m) => v6got.push(m.toString()));
    v6.bind(9000);
    send('to second again');
    second.sock.close();
    send('to nobody again');
    expect(first.got.map((g) => g.data)).to.deep.equal(['to first']);
    expect(second.got.map((g) => g.data)).to.deep.equal(['to second', 'to second again']);
    expect(v6got).to.deep.equal([]);
  });

  it('prefers a socket bound to the address over one bound to any address once it binds', () => {
    const world = new World();
    world.network('lan', '10.0.0.0/24');
    const a = world.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
    const b = world.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
    const tx = a.createSocket();
    // udp6 on [::]:9000 with IPV6_V6ONLY leaves IPv4 port 9000 free: first a udp4 socket on any address, then,
    // once it has closed, one bound to 10.0.0.2 itself.
    const anyAddr = listen(b, 9000, world);
    tx.send(Buffer.from('any'), 9000, '10.0.0.2');
    world.runUntilIdle();
    anyAddr.sock.close();
    world.runUntilIdle();
    const own = b.createSocket();
    const ownGot: string[] = [];
    own.on('message', (m) => ownGot.push(m.toString()));
    own.bind(9000, '10.0.0.2');
    tx.send(Buffer.from('own'), 9000, '10.0.0.2');
    world.runUntilIdle();
    expect(anyAddr.got.map((g) => g.data)).to.deep.equal(['any']);
    expect(ownGot).to.deep.equal(['own']);
  });
});

describe('broadcast addresses of a host (each network keeps its own as a number)', () => {
  it('follows attach and detach: a new network\'s broadcast is refused with EACCES, a left network\'s no longer is', () => {
    const { world, a } = twoHosts();
    world.network('side', '10.0.5.0/24');
    const s = a.createSocket();
    const to = (ip: string): string | undefined => s.sendTo(Buffer.from('x'), parseIpv4(ip), 9);
    expect([to('10.0.0.255'), to('10.0.5.255'), to('255.255.255.255')]).to.deep.equal(['EACCES', 'ENETUNREACH', 'EACCES']);
    const side = a.attach(world.getNetwork('side'), '10.0.5.1');
    expect([a.isBroadcast(parseIpv4('10.0.5.255')), to('10.0.5.255'), to('10.0.0.255')]).to.deep.equal([true, 'EACCES', 'EACCES']);
    a.detach(a.ifaces[0]);
    expect([a.isBroadcast(parseIpv4('10.0.0.255')), to('10.0.0.255'), to('10.0.5.255')]).to.deep.equal([false, 'ENETUNREACH', 'EACCES']);
    a.detach(side);
    expect(to('10.0.5.255')).to.equal('ENETUNREACH');
    // A /31 (RFC 3021) has no broadcast address: both addresses are hosts.
    world.network('p2p', '10.0.7.0/31');
    a.attach(world.getNetwork('p2p'), '10.0.7.0');
    expect(a.isBroadcast(parseIpv4('10.0.7.1'))).to.equal(false);
  });
});
