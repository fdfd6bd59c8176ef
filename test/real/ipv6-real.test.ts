import { expect } from 'chai';
import dgram = require('dgram');
import { discoverReal, hasIpv6Loopback, machineIpv6Addresses, RealService, ServerLog, startStunService, startTurnService, TurnService } from '../../src/real';
import type { TransportAddress } from '../../src/protocols/turn';
import { skipLoudly } from '../report/support/tools';
import { allocatedClient, closeClient, roundTrip, within } from './real-helpers';
import { CliProcess, natsim } from './cli-process';

/** A real UDP echo peer (udp4 or udp6) on `address:port` answering 'echo:' + payload. */
async function echoPeer(address: string, port: number): Promise<dgram.Socket> {
  const s = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  s.on('message', (m, r) => s.send(Buffer.concat([Buffer.from('echo:'), m]), r.port, r.address));
  await new Promise<void>((resolve) => s.bind(port, address, resolve));
  return s;
}

/** A global (not loopback, not link-local) IPv6 address of this machine, for an RFC 5780 pair with ::1. */
function secondIpv6(): string | undefined {
  return machineIpv6Addresses().find((a) => a !== '::1' && !a.toLowerCase().startsWith('fe80:'));
}

// natsim's STUN/TURN servers and clients on udp6 sockets over ::1 (issue 11, real mode). Loopback only; ports
// 37800-37899 belong to this file.
describe('natsim over IPv6 on real UDP sockets ([::1])', function () {
  this.timeout(60_000);
  const services: RealService[] = [];
  const sockets: dgram.Socket[] = [];
  const procs: CliProcess[] = [];
  before(function () {
    if (!hasIpv6Loopback()) skipLoudly(this, 'this machine has no IPv6 loopback (::1): natsim over IPv6 in real mode was not tested');
  });
  afterEach(() => {
    for (const s of services.splice(0)) s.close();
    for (const s of sockets.splice(0)) s.close();
    for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });

  it('discovery against natsim\'s STUN server on [::1] finds no NAT: mapped [::1]:port is the local socket', async () => {
    const stun = await startStunService({ listen: '[::1]:37800' });
    services.push(stun);
    expect(stun.endpoints).to.deep.equal(['[::1]:37800']);
    const r = await discoverReal('[::1]:37800', { timeoutMs: 10_000 });
    expect(r.udpReachable).to.equal(true);
    expect(r.natPresent).to.equal(false);
    expect(r.publicAddress?.address).to.equal('::1');
    expect(r.publicAddress?.port).to.equal(r.localAddress?.port);
    expect(r.otherAddress).to.equal(null);
  });

  it('discovery against an RFC 5780 server on ::1 and a second IPv6 address: no NAT, endpoint-independent filtering', async function () {
    const other = secondIpv6();
    if (other === undefined) return skipLoudly(this, 'no second (global) IPv6 address on this machine: RFC 5780 over IPv6 was not tested');
    const stun = await startStunService({ listen: '[::1]:37801', alt: `[${other}]:37802` });
    services.push(stun);
    const r = await discoverReal('[::1]:37801', { timeoutMs: 10_000 });
    expect(r.otherAddress).to.deep.equal({ address: other, port: 37802 });
    expect([r.natPresent, r.mapping, r.filtering, r.classic]).to.deep.equal([false, 'endpoint-independent', 'endpoint-independent', 'open']);
  });

  it('`natsim serve stun --listen [::1]:PORT` and `natsim discover --server [::1]:PORT` work as processes', async function () {
    this.timeout(120_000);
    const srv = natsim(['serve', 'stun', '--listen', '[::1]:37810']);
    procs.push(srv);
    await srv.waitFor(/ stun-server started .*\[::1\]:37810/);
    const d = natsim(['discover', '--server', '[::1]:37810']);
    procs.push(d);
    expect(await d.exited, d.stderr.join('')).to.equal(0);
    const out = d.stdout.join('\n');
    expect(out).to.match(/this machine against \[::1\]:37810/);
    expect(out).to.match(/\[::1\]:\d+/);
    srv.child.kill('SIGINT');
    expect(await srv.exited).to.equal(0);
  });

  async function dualStackTurn(port: number, relays: string[], lines: string[]): Promise<TurnService> {
    const s = await startTurnService({
      listen: [`127.0.0.1:${port}`, `[::1]:${port}`], relays, realm: 'sim.test', users: ['alice:secret'], relayPorts: '37820-37839',
      allowPeers: ['127.0.0.1', '::1'], log: new ServerLog({ write: (l) => lines.push(l), verbose: true }),
    });
    services.push(s);
    return s;
  }

  const relayCases: [string, string, 4 | 6 | 'dual', string][] = [
    ['an IPv6 client relaying to an IPv6 peer', '::1', 6, '::1'],
    ['an IPv4 client relaying through an IPv6 relayed address to an IPv6 peer', '127.0.0.1', 6, '::1'],
    ['an IPv6 client relaying through an IPv4 relayed address to an IPv4 peer', '::1', 4, '127.0.0.1'],
    ['an IPv4 client with a dual allocation relaying to an IPv6 peer', '127.0.0.1', 'dual', '::1'],
  ];
  relayCases.forEach(([story, clientIp, family, peerIp], i) => {
    it(`natsim's TURN client and server: ${story}`, async () => {
      const lines: string[] = [];
      const turn = await dualStackTurn(37811 + i, ['127.0.0.1', '::1'], lines);
      const peerPort = 37850 + i;
      sockets.push(await echoPeer(peerIp, peerPort));
      const { client } = await allocatedClient({
        server: { address: clientIp, port: 37811 + i }, localAddress: clientIp, username: 'alice', password: 'secret',
        ...(family === 'dual' ? { dualAllocation: true } : { addressFamily: family }),
      });
      const want = family === 'dual' ? ['127.0.0.1', '::1'] : [family === 6 ? '::1' : '127.0.0.1'];
      expect(client.relayedAddresses.map((a) => a.address)).to.deep.equal(want);
      const peer: TransportAddress = { address: peerIp, port: peerPort };
      await within(3000, 'bind', (done) => client.bindChannel(peer, (err) => done(err)));
      for (let k = 0; k < 3; k++) {
        const r = await roundTrip(client, peer, `m${k}`);
        expect([r.data, r.via]).to.deep.equal([`echo:m${k}`, 'channel']);
      }
      await closeClient(client);
      expect(turn.server.stats.relayedToPeers, lines.join('\n')).to.equal(3);
      expect(turn.server.stats.dropped).to.deep.equal({});
    });
  });

  it('answers 443 when natsim\'s client names an IPv6 peer on an IPv4 allocation', async () => {
    const lines: string[] = [];
    await dualStackTurn(37815, ['127.0.0.1', '::1'], lines);
    const { client } = await allocatedClient({ server: { address: '127.0.0.1', port: 37815 }, username: 'alice', password: 'secret' });
    const err = await within(3000, 'permission', (done) => client.createPermission('::1', (e) => done(null, e))).catch((e: Error) => e);
    expect(String(err)).to.match(/443/);
    await closeClient(client);
    expect(lines.some((l) => / error-response .*method=CreatePermission code=443 reason="peer \[::1\]:0 is IPv6: the allocation relays on IPv4 only"/.test(l)), lines.join('\n')).to.equal(true);
  });
});
