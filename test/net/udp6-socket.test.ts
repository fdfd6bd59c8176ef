import { expect } from 'chai';
import { World } from '../../src/net/world';
import type { Host } from '../../src/net/host';
import type { SocketErrnoError } from '../../src/net/socket-errors';

/** One dual-stack network: a (10.0.0.1, 2001:db8::1) and b (10.0.0.2, 2001:db8::2). */
function dualPair(): { w: World; a: Host; b: Host } {
  const w = new World();
  w.network('lan', ['10.0.0.0/24', '2001:db8::/64']);
  const a = w.host('a', { ifaces: [{ network: 'lan', ip: ['10.0.0.1', '2001:db8::1'] }] });
  const b = w.host('b', { ifaces: [{ network: 'lan', ip: ['10.0.0.2', '2001:db8::2'] }] });
  return { w, a, b };
}

/** Node's error fields, as node:dgram on Linux gives them (checked with a real socket on this machine). */
function fields(e: Error | null): string {
  if (!e) return 'ok';
  const x = e as SocketErrnoError;
  return `${x.code} ${x.errno} ${x.syscall} '${x.message}'`;
}

describe('udp6 sockets (Node dgram semantics)', () => {
  it('binds to :: by default and reports family IPv6 with RFC 5952 text', () => {
    const { w, a } = dualPair();
    const s = a.createSocket('udp6').bind(4000);
    const t = a.createSocket('udp6').bind(4001, '2001:0DB8:0:0::1');
    w.runUntilIdle();
    expect(s.address()).to.deep.equal({ address: '::', family: 'IPv6', port: 4000 });
    expect(t.address()).to.deep.equal({ address: '2001:db8::1', family: 'IPv6', port: 4001 });
  });

  it('refuses the other family as Node does: udp4 -> ::1 and udp6 -> 127.0.0.1 are EINVAL (send and bind)', () => {
    const { w, a } = dualPair();
    const out: string[] = [];
    a.createSocket('udp4').send(Buffer.from('x'), 9, '::1', (e) => out.push(fields(e)));
    a.createSocket('udp6').send(Buffer.from('x'), 9, '127.0.0.1', (e) => out.push(fields(e)));
    a.createSocket('udp4').bind(0, '::1').on('error', (e) => out.push(fields(e)));
    a.createSocket('udp6').bind(0, '10.0.0.1').on('error', (e) => out.push(fields(e)));
    w.runUntilIdle();
    expect(out).to.deep.equal([
      "EINVAL -22 send 'send EINVAL ::1:9'",
      "EINVAL -22 send 'send EINVAL 127.0.0.1:9'",
      "EINVAL -22 bind 'bind EINVAL ::1'",
      "EINVAL -22 bind 'bind EINVAL 10.0.0.1'",
    ]);
  });

  it('a dual-stack udp6 socket receives IPv4 as ::ffff:a.b.c.d and answers to it over IPv4', () => {
    const { w, a, b } = dualPair();
    const server = b.createSocket('udp6').bind(5000);
    server.on('message', (m, r) => {
      expect(r).to.deep.equal({ address: '::ffff:10.0.0.1', family: 'IPv6', port: 4000, size: 4 });
      server.send(Buffer.from('pong'), r.port, r.address);
    });
    const client = a.createSocket('udp4').bind(4000);
    const got: string[] = [];
    client.on('message', (m, r) => got.push(`${m.toString()} ${r.address}:${r.port} ${r.family}`));
    w.runUntilIdle();
    client.send(Buffer.from('ping'), 5000, '10.0.0.2');
    w.runUntilIdle();
    expect(got).to.deep.equal(['pong 10.0.0.2:5000 IPv4']);
  });

  it('an ipv6Only socket hears no IPv4 and cannot send to a mapped address (ENETUNREACH, as udpv6_sendmsg)', () => {
    const { w, a, b } = dualPair();
    const only = b.createSocket({ type: 'udp6', ipv6Only: true }).bind(5000);
    const heard: string[] = [];
    only.on('message', (m, r) => heard.push(r.address));
    const out: string[] = [];
    a.createSocket('udp4').send(Buffer.from('x'), 5000, '10.0.0.2');
    a.createSocket('udp6').send(Buffer.from('y'), 5000, '2001:db8::2');
    only.send(Buffer.from('z'), 9, '::ffff:10.0.0.1', (e) => out.push(fields(e)));
    w.runUntilIdle();
    expect(heard).to.deep.equal(['2001:db8::1']);
    expect(out).to.deep.equal(["ENETUNREACH -101 send 'send ENETUNREACH ::ffff:10.0.0.1:9'"]);
  });

  it('shares ports as Linux does: dual-stack :: conflicts with 0.0.0.0, an ipv6Only one does not', () => {
    const { w, a } = dualPair();
    const errors: string[] = [];
    a.createSocket('udp4').bind(7000);
    a.createSocket('udp6').bind(7000).on('error', (e) => errors.push(`dual ${(e as SocketErrnoError).code}`));
    a.createSocket({ type: 'udp6', ipv6Only: true }).bind(7000).on('error', (e) => errors.push(`v6only ${(e as SocketErrnoError).code}`));
    a.createSocket('udp6').bind(7001);
    a.createSocket('udp4').bind(7001, '10.0.0.1').on('error', (e) => errors.push(`v4 after dual ${(e as SocketErrnoError).code}`));
    a.createSocket('udp6').bind(7001, '2001:db8::1').on('error', (e) => errors.push(`v6 after dual ${(e as SocketErrnoError).code}`));
    w.runUntilIdle();
    expect(errors).to.deep.equal(['dual EADDRINUSE', 'v4 after dual EADDRINUSE', 'v6 after dual EADDRINUSE']);
  });

  it('binds a dual-stack socket to ::ffff:a.b.c.d as an IPv4 binding, shown mapped', () => {
    const { w, a, b } = dualPair();
    const s = b.createSocket('udp6').bind(5000, '::ffff:10.0.0.2');
    const heard: string[] = [];
    s.on('message', (m, r) => heard.push(`${m.toString()} ${r.address}`));
    w.runUntilIdle();
    expect(s.address()).to.deep.equal({ address: '::ffff:10.0.0.2', family: 'IPv6', port: 5000 });
    a.createSocket('udp4').send(Buffer.from('v4'), 5000, '10.0.0.2');
    w.runUntilIdle();
    expect(heard).to.deep.equal(['v4 ::ffff:10.0.0.1']);
  });

  it('takes IPv6 payloads up to 65527 bytes (65535 - UDP header) and refuses more with EMSGSIZE', () => {
    const { w, a } = dualPair();
    const s = a.createSocket('udp6');
    const out: string[] = [];
    s.send(Buffer.alloc(65527), 9, '2001:db8::2', (e) => out.push(fields(e)));
    s.send(Buffer.alloc(65528), 9, '2001:db8::2', (e) => out.push(fields(e)));
    w.runUntilIdle();
    expect(out).to.deep.equal(['ok', "EMSGSIZE -90 send 'send EMSGSIZE 2001:db8::2:9'"]);
  });

  it('sends to ::1 on the host itself (loopback), from ::1', () => {
    const { w, a } = dualPair();
    const s = a.createSocket('udp6').bind(5000);
    const heard: string[] = [];
    s.on('message', (m, r) => heard.push(`${r.address}:${r.port}`));
    a.createSocket('udp6').bind(5001).send(Buffer.from('x'), 5000, '::1');
    w.runUntilIdle();
    expect(heard).to.deep.equal(['::1:5001']);
  });

  it('reports ICMPv6 port unreachable to a connected udp6 socket as ECONNREFUSED', () => {
    const { w, a } = dualPair();
    const s = a.createSocket('udp6').bind(4000);
    const errs: string[] = [];
    s.on('error', (e) => errs.push(fields(e)));
    w.runUntilIdle();
    const dst = a.addresses.parse('2001:db8::2')!;
    s.connectTo(dst, 9999);
    s.sendTo(Buffer.from('x'), dst, 9999);
    w.runUntilIdle();
    expect(errs).to.deep.equal(["ECONNREFUSED -111 recvmsg 'recvmsg ECONNREFUSED'"]);
  });

  it('lists both families in localAddresses, each interface primary first', () => {
    const { a } = dualPair();
    expect(a.env('x').localAddresses()).to.deep.equal(['10.0.0.1', '2001:db8::1']);
  });
});
