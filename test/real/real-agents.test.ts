import { expect } from 'chai';
import dgram = require('dgram');
import { discoverReal, discoveryJson, ServerLog, startStunService, startTurnService, RealService, TurnService } from '../../src/real';
import { allocatedClient, closeClient, echoPeer, roundTrip, within } from './real-helpers';

// Loopback only. Ports 35100-35199 belong to this file.
describe('natsim agents on real UDP sockets (loopback)', function () {
  this.timeout(20_000);
  const services: RealService[] = [];
  const sockets: dgram.Socket[] = [];
  afterEach(() => {
    for (const s of services.splice(0)) s.close();
    for (const s of sockets.splice(0)) s.close();
  });

  it('discovery against natsim\'s RFC 5780 server on 127.0.0.1 and 127.0.0.2 finds no NAT: open, hairpinning', async () => {
    const lines: string[] = [];
    services.push(await startStunService({ listen: '127.0.0.1:35100', alt: '127.0.0.2:35101', log: new ServerLog({ write: (l) => lines.push(l) }) }));
    const r = await discoverReal('127.0.0.1:35100', { localAddresses: ['127.0.0.1'] });
    expect(discoveryJson(r)).to.deep.equal({
      mapping: 'endpoint-independent', filtering: 'endpoint-independent', hairpinning: true, mappingLifetimeMs: null, classic: 'open',
    });
    expect(r.otherAddress).to.deep.equal({ address: '127.0.0.2', port: 35101 });
    expect(r.natPresent).to.equal(false);
    expect(lines.filter((l) => / stun-server started /.test(l))).to.have.length(1);
  });

  it('logs "started" only once every socket is bound: a port in use gives socket-error and no "started" line', async () => {
    const taken = dgram.createSocket('udp4');
    sockets.push(taken);
    await new Promise<void>((r) => taken.bind(35171, '127.0.0.2', r)); // A2:P1 of the server below
    const lines: string[] = [];
    const err = await startStunService({ listen: '127.0.0.1:35170', alt: '127.0.0.2:35171', log: new ServerLog({ write: (l) => lines.push(l) }) })
      .then(() => undefined, (e: Error) => e);
    expect(err?.name).to.equal('ServiceStartError');
    expect(lines.filter((l) => / stun-server socket-error .*EADDRINUSE/.test(l)), lines.join('\n')).to.have.length(1);
    expect(lines.filter((l) => / stun-server started /.test(l)), lines.join('\n')).to.deep.equal([]);
    // And when the start succeeds, a request sent the moment "started" is logged is answered.
    taken.close();
    sockets.splice(sockets.indexOf(taken), 1);
    let svc: RealService | undefined;
    const asked = new Promise<string>((resolve) => {
      const log = new ServerLog({
        write: (l) => {
          if (!/ stun-server started /.test(l)) return;
          const c = dgram.createSocket('udp4');
          sockets.push(c);
          c.on('message', (m) => resolve(m.subarray(0, 2).toString('hex')));
          c.send(Buffer.from('000100002112a442000102030405060708090a0b', 'hex'), 35171, '127.0.0.2');
        },
      });
      void startStunService({ listen: '127.0.0.1:35170', alt: '127.0.0.2:35171', log }).then((s) => {
        svc = s;
        services.push(s);
      });
    });
    expect(await asked, 'a Binding success response (0x0101) from A2:P1').to.equal('0101');
    expect(svc).to.not.equal(undefined);
  });

  for (const mode of ['channel', 'indication'] as const) {
    it(`relays data to a real peer and back through natsim's TURN server by ${mode === 'channel' ? 'ChannelData' : 'Send/Data indications'}`, async () => {
      const lines: string[] = [];
      const turn = await startTurnService({
        listen: '127.0.0.1:35110', realm: 'sim.test', users: ['alice:secret'], relayPorts: '35120-35129', allowPeers: ['127.0.0.1'],
        log: new ServerLog({ write: (l) => lines.push(l) }),
      }) as TurnService;
      services.push(turn);
      sockets.push(await echoPeer('127.0.0.1', 35130));
      const { client } = await allocatedClient({ server: { address: '127.0.0.1', port: 35110 }, username: 'alice', password: 'secret' });
      expect(client.relayedAddress?.address).to.equal('127.0.0.1');
      expect(client.relayedAddress?.port).to.be.within(35120, 35129);
      const peer = { address: '127.0.0.1', port: 35130 };
      if (mode === 'channel') await within(3000, 'bind', (done) => client.bindChannel(peer, (err) => done(err)));
      else await within(3000, 'permission', (done) => client.createPermission('127.0.0.1', (err) => done(err)));
      for (let i = 0; i < 5; i++) {
        expect(await roundTrip(client, peer, `m${i}`)).to.deep.equal({ data: `echo:m${i}`, via: mode, from: '127.0.0.1:35130' });
      }
      await closeClient(client);
      const s = turn.server.stats;
      expect(s.allocationsCreated).to.equal(1);
      expect(mode === 'channel' ? s.channelDataIn : s.sendIndicationsIn).to.equal(5);
      expect(s.relayedToPeers).to.equal(5);
      expect(lines.some((l) => / turn-server allocated .*username=alice/.test(l))).to.equal(true);
    });
  }

  it('refuses to relay to loopback, 0.0.0.0/8 and broadcast by default (403)', async () => {
    const lines: string[] = [];
    services.push(await startTurnService({
      listen: '127.0.0.1:35170', realm: 'sim.test', users: ['alice:secret'], relayPorts: '35171-35179',
      log: new ServerLog({ write: (l) => lines.push(l) }),
    }));
    const { client } = await allocatedClient({ server: { address: '127.0.0.1', port: 35170 }, username: 'alice', password: 'secret' });
    const permit = (ip: string): Promise<string> =>
      new Promise((resolve) => client.createPermission(ip, (err) => resolve(err ? String(err) : 'ok')));
    for (const ip of ['127.0.0.1', '127.0.0.2', '0.0.0.0', '0.1.2.3', '255.255.255.255', '224.0.0.1']) {
      expect(await permit(ip), ip).to.match(/403/);
    }
    await closeClient(client);
    expect(lines.filter((l) => / error-response .*code=403 /.test(l))).to.have.length(6);
  });

  it('refuses a wrong TURN password with 401 and logs it', async () => {
    const lines: string[] = [];
    services.push(await startTurnService({ listen: '127.0.0.1:35140', realm: 'sim.test', users: ['alice:secret'], log: new ServerLog({ write: (l) => lines.push(l) }) }));
    let err: Error | undefined;
    await allocatedClient({ server: { address: '127.0.0.1', port: 35140 }, username: 'alice', password: 'wrong' }).catch((e: Error) => (err = e));
    expect(String(err)).to.match(/401/);
    expect(lines.filter((l) => / error-response .*code=401/.test(l)).length).to.be.greaterThan(1);
  });

  it('keeps serving after a flood of hostile datagrams, and the log stays bounded', async () => {
    const lines: string[] = [];
    const log = new ServerLog({ write: (l) => lines.push(l), maxPerSecond: 20 });
    services.push(await startStunService({ listen: '127.0.0.1:35150', log }));
    services.push(await startTurnService({ listen: '127.0.0.1:35151', users: ['alice:secret'], relayPorts: '35160-35169', log }));
    const attacker = dgram.createSocket('udp4');
    sockets.push(attacker);
    await new Promise<void>((r) => attacker.bind(0, '127.0.0.1', r));
    const hostile = [
      Buffer.alloc(0), Buffer.from([0x00, 0x01]), Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      Buffer.from('000100082112a442000000000000000000000000ffff0004deadbeef', 'hex'), // unknown comprehension-required attr
      Buffer.from('0001ffff2112a442000000000000000000000000', 'hex'), // length past the end
      Buffer.from('4000ffff00', 'hex'), // ChannelData on an unbound channel, bad length
      Buffer.alloc(1500, 0xff),
    ];
    for (let i = 0; i < 300; i++) {
      for (const port of [35150, 35151]) attacker.send(hostile[i % hostile.length], port, '127.0.0.1');
    }
    await new Promise((r) => setTimeout(r, 200));
    const r = await discoverReal('127.0.0.1:35150', { localAddresses: ['127.0.0.1'], hairpinning: false });
    expect(r.publicAddress?.address).to.equal('127.0.0.1');
    const { client } = await allocatedClient({ server: { address: '127.0.0.1', port: 35151 }, username: 'alice', password: 'secret' });
    expect(client.state).to.equal('allocated');
    await closeClient(client);
    expect(lines.length).to.be.below(80);
    expect(lines.some((l) => / log suppressed lines=\d+/.test(l)) || lines.length <= 41).to.equal(true);
  });
});
