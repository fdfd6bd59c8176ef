/**
 * End to end: an IPv6-only phone reaches an IPv4-only server through a stateful NAT64, with real udp6/udp4
 * sockets on simulated hosts. The phone knows the NAT64 prefix by configuration (HostInit.nat64Prefix, what
 * RFC 7050 discovery would have told it) and synthesises the server's IPv6 address from it (RFC 6052 §2.3).
 */
import { expect } from 'chai';
import { Nat64Init, Nat64Node } from '../../src/nat';
import { Nat64Prefix } from '../../src/net/nat64-prefix';
import { formatIp, tryParseIpNumber } from '../../src/net/ip-number';
import { World } from '../../src/net/world';
import { TraceRecorder } from '../../src/sim/trace';

function carrier(init: Nat64Init = {}, prefix = '64:ff9b::/96'): { w: World; nat: Nat64Node; rec: TraceRecorder } {
  const w = new World();
  w.network('mobile', '2001:db8:1::/64', { latency: 5 });
  w.network('internet', '198.51.100.0/24', { latency: 10 });
  const nat = w.add(new Nat64Node(w.sim, 'nat64', init));
  nat.attachOutside(w.getNetwork('internet'), '198.51.100.2');
  nat.attachInside(w.getNetwork('mobile'), '2001:db8:1::1');
  w.host('phone', { ifaces: [{ network: 'mobile', ip: '2001:db8:1::10' }], gateway: '2001:db8:1::1', nat64Prefix: prefix });
  w.host('server', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
  return { w, nat, rec: new TraceRecorder(w.sim.trace) };
}

/** The phone sends `text` to the server's IPv4 address via the synthesised IPv6 address; the server echoes. */
function exchange(w: World, text: string): { atServer: string[]; atPhone: string[] } {
  const atServer: string[] = [];
  const atPhone: string[] = [];
  const server = w.getHost('server').createSocket('udp4').bind(3478);
  server.on('message', (m, r) => {
    atServer.push(`${m.toString()} from ${r.address}:${r.port}`);
    server.send(Buffer.from(`echo ${m.toString()}`), r.port, r.address);
  });
  const env = w.getHost('phone').env('test');
  const prefix = Nat64Prefix.parse(env.nat64Prefix!);
  const phone = env.createSocket('udp6').bind(5000);
  phone.on('message', (m, r) => atPhone.push(`${m.toString()} from [${r.address}]:${r.port}`));
  w.runUntilIdle();
  phone.send(Buffer.from(text), 3478, formatIp(prefix.synthesize(tryParseIpNumber('198.51.100.1')!)));
  w.runUntilIdle();
  return { atServer, atPhone };
}

describe('NAT64 end to end (RFC 6146 with RFC 6052 and a configured prefix)', () => {
  it('lets an IPv6-only host talk to an IPv4-only server, which sees the pool address', () => {
    const { w, rec } = carrier();
    expect(w.getHost('phone').env('x').nat64Prefix).to.equal('64:ff9b::/96');
    const { atServer, atPhone } = exchange(w, 'hi');
    expect(atServer).to.deep.equal(['hi from 198.51.100.2:5000']);
    expect(atPhone).to.deep.equal(['echo hi from [64:ff9b::c633:6401]:3478']);
    expect(rec.ofKind('translated').map((e) => e.direction)).to.deep.equal(['outbound', 'inbound']);
  });

  it('works with a network-specific /64 prefix (RFC 6052 §2.2, the u octet skipped)', () => {
    const { w } = carrier({ prefix: '2001:db8:64:ff::/64' }, '2001:db8:64:ff::/64');
    const { atPhone } = exchange(w, 'nsp');
    expect(atPhone).to.deep.equal(['echo nsp from [2001:db8:64:ff:c6:3364:100:0]:3478']);
  });

  it('rejects a host prefix RFC 6052 does not allow', () => {
    const w = new World();
    w.network('mobile', '2001:db8:1::/64');
    expect(() => w.host('phone', { ifaces: [{ network: 'mobile', ip: '2001:db8:1::10' }], nat64Prefix: '64:ff9b::/80' })).to.throw(/not a NAT64 prefix/);
  });

  it('carries a TCP connection (the TCP stack\'s) from the IPv6-only host to the IPv4 server and back (RFC 6146 §3.5.2)', () => {
    const { w, nat, rec } = carrier();
    const got: string[] = [];
    const server = w.getHost('server').createTcpServer();
    server.on('connection', (sock) => {
      got.push(`server: connection from ${sock.remoteAddress}:${sock.remotePort}`);
      sock.on('data', (d: Buffer) => sock.write(Buffer.from(`echo ${d.toString()}`)));
    });
    server.listen(80);
    const c = w.getHost('phone').connectTcp({ host: '64:ff9b::198.51.100.1', port: 80 });
    c.on('connect', () => c.write(Buffer.from('GET /')));
    c.on('data', (d) => got.push(`phone: ${d.toString()}`));
    w.runFor(2000);
    expect(got).to.deep.equal(['server: connection from 198.51.100.2:' + String(c.localPort), 'phone: echo GET /']);
    expect(nat.snapshot().map((b) => [b.proto, b.sessions[0].tcpState])).to.deep.equal([['tcp', 'established']]);
    const v4 = rec.ofKind('translated').filter((e) => e.direction === 'outbound').map((e) => (e.after as { tcp?: { flags: number } }).tcp?.flags);
    expect(v4[0], 'the SYN crossed first').to.equal(2);
  });
});

