import { expect } from 'chai';
import dgram = require('dgram');
import { World } from '../../src/net/world';
import { addNat } from '../../src/nat/add-nat';
import { withEmbedded } from '../../src/embed';
import { TraceRecorder } from '../../src/sim/trace';

// The npm `stun` package (a dev dependency): its createServer({ socket }) checks `socket instanceof dgram.Socket`.
interface StunMessage { transactionId: Buffer; addXorAddress(address: string, port: number): void }
interface StunServerLike {
  on(event: 'bindingRequest', fn: (req: StunMessage, rinfo: { address: string; port: number }) => void): void;
  send(msg: StunMessage, port: number, address: string): void;
}
const stun = require('stun') as {
  createServer(opts: { type: 'udp4'; socket?: unknown }): StunServerLike;
  createMessage(type: number, transactionId?: Buffer): StunMessage;
  request(url: string, opts?: object): Promise<{ getXorAddress(): { address: string; port: number } }>;
  constants: { STUN_BINDING_RESPONSE: number };
};

describe('embedded dgram: simulated sockets are dgram.Socket instances', () => {
  it('makes stun.createServer({ socket }) serve on the given simulated socket, not a socket of its own', async () => {
    const w = new World({ seed: 5 });
    w.network('internet', '198.51.100.0/24', { latency: 10 });
    w.network('lan', '192.168.1.0/24', { latency: 1 });
    addNat(w, 'home', { settings: { preset: 'symmetric' }, outside: { network: 'internet', ip: '198.51.100.10' }, inside: [{ network: 'lan', ip: '192.168.1.1' }] });
    w.host('client', { ifaces: [{ network: 'lan', ip: '192.168.1.20' }], gateway: '192.168.1.1' });
    w.host('srv', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
    const rec = new TraceRecorder(w.sim.trace);
    const mapped = await withEmbedded(w, {}, async (run) => {
      const socket = run.onHost('srv', () => dgram.createSocket('udp4'));
      expect(socket instanceof dgram.Socket).to.equal(true);
      socket.bind(3478, '198.51.100.1');
      const server = run.onHost('srv', () => stun.createServer({ type: 'udp4', socket }));
      server.on('bindingRequest', (req, rinfo) => {
        const res = stun.createMessage(stun.constants.STUN_BINDING_RESPONSE, req.transactionId);
        res.addXorAddress(rinfo.address, rinfo.port);
        server.send(res, rinfo.port, rinfo.address);
      });
      const res = await run.drive(run.onHost('client', () => stun.request('stun://198.51.100.1:3478')), { timeoutMs: 5000 });
      return res.getXorAddress();
    });
    expect(mapped.address).to.equal('198.51.100.10');
    // The answer came from the socket bound to 3478 on srv: delivered there, sent back from it.
    const delivered = rec.ofKind('delivered').filter((e) => e.node === 'srv');
    expect(delivered.map((e) => e.pkt.dstPort)).to.deep.equal([3478]);
    const sent = rec.ofKind('sent').filter((e) => e.node === 'srv');
    expect(sent.map((e) => e.pkt.srcPort)).to.deep.equal([3478]);
    // Restored after the scope: a plain object is not a dgram.Socket.
    expect({} instanceof dgram.Socket).to.equal(false);
  });
});
