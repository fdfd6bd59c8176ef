import { expect } from 'chai';
import { encode, newTransactionId, StunMessage, StunMethod } from '../../../src/protocols/stun';
import { encodeChannelData } from '../../../src/protocols/turn';
import { Rng } from '../../../src/sim/rng';
import { TraceRecorder } from '../../../src/sim/trace';
import { PEER_IP, RawClient, startServer, turnWorld, type RawAuth } from './helpers';

const PEER = { family: 4 as const, address: PEER_IP, port: 7000 };

/** A server, an allocated raw client on alice, a UDP peer at 203.0.113.50:7000 recording what it hears. */
function setup() {
  const w = turnWorld();
  const server = startServer(w);
  const rec = new TraceRecorder(w.sim.trace);
  const c = new RawClient(w, w.getHost('alice'), 5000);
  const auth: RawAuth = { username: 'alice', password: 'secret', nonce: c.nonce() };
  const relayed = c.call(c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), auth).get('XOR-RELAYED-ADDRESS')!;
  const peer = w.getHost('peer').createSocket();
  peer.bind(7000);
  const heard: string[] = [];
  peer.on('message', (m) => heard.push(m.toString()));
  const drops = () =>
    rec
      .ofKind('agent')
      .filter((e) => e.agent === 'turn-server' && e.event === 'dropped')
      .map((e) => e.data?.reason);
  const sendInd = (text: string) =>
    encode(StunMessage.indication(StunMethod.Send, newTransactionId(new Rng(text))).add('XOR-PEER-ADDRESS', PEER).add('DATA', Buffer.from(text)));
  return { w, server, c, auth, relayed, peer, heard, drops, sendInd };
}

describe('TURN server: data path drops (RFC 8656 §9, §11, §12.6)', () => {
  it('drops a Send indication to a peer without permission, relays it once the permission exists', () => {
    const { w, c, auth, heard, drops, sendInd } = setup();
    c.sendRaw(sendInd('early'));
    w.runFor(100);
    c.call(c.request(StunMethod.CreatePermission).add('XOR-PEER-ADDRESS', { ...PEER, port: 1 }), auth); // port ignored (§9)
    c.sendRaw(sendInd('allowed'));
    w.runFor(100);
    expect(heard).to.deep.equal(['allowed']);
    expect(drops()).to.deep.equal(['no-permission']);
  });

  it('drops ChannelData on an unbound channel and malformed ChannelData, relays it on a bound one', () => {
    const { w, c, auth, heard, drops, server } = setup();
    c.sendRaw(encodeChannelData(0x4001, Buffer.from('unbound')));
    c.sendRaw(Uint8Array.of(0x40, 0x00, 0x00, 0x10, 1, 2)); // length says 16, 2 bytes present
    c.call(c.request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', 0x4000).add('XOR-PEER-ADDRESS', PEER), auth);
    c.sendRaw(encodeChannelData(0x4000, Buffer.from('bound')));
    w.runFor(100);
    expect(heard).to.deep.equal(['bound']);
    expect(drops()).to.deep.equal(['unbound-channel', 'malformed']);
    expect(server.stats.channelDataIn).to.equal(3);
  });

  it('drops Send indications and ChannelData from a 5-tuple without an allocation', () => {
    const { w, drops, sendInd } = setup();
    const other = new RawClient(w, w.getHost('bob'));
    other.sendRaw(sendInd('x'));
    other.sendRaw(encodeChannelData(0x4000, Buffer.from('y')));
    w.runFor(100);
    expect(drops()).to.deep.equal(['no-allocation', 'no-allocation']);
  });

  it('drops a Send indication without DATA, and a Data indication or a response sent to the server', () => {
    const { w, c, auth, drops } = setup();
    c.call(c.request(StunMethod.CreatePermission).add('XOR-PEER-ADDRESS', PEER), auth);
    const rng = new Rng('x');
    c.sendRaw(encode(StunMessage.indication(StunMethod.Send, newTransactionId(rng)).add('XOR-PEER-ADDRESS', PEER)));
    c.sendRaw(encode(StunMessage.indication(StunMethod.Data, newTransactionId(rng)).add('XOR-PEER-ADDRESS', PEER).add('DATA', Uint8Array.of(1))));
    c.sendRaw(encode(new StunMessage('success', StunMethod.Binding, newTransactionId(rng))));
    w.runFor(100);
    expect(drops()).to.deep.equal(['malformed', 'unexpected-message', 'unexpected-message']);
  });

  it('uses ChannelData toward the client for a peer with a channel and a Data indication for another peer', () => {
    const { w, c, auth, relayed, peer } = setup();
    c.call(c.request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', 0x4abc).add('XOR-PEER-ADDRESS', PEER), auth);
    const before = c.got.length;
    const other = w.getHost('peer').createSocket();
    other.bind(7001); // same IP: the ChannelBind's permission covers it, the channel does not
    peer.send(Buffer.from('via channel'), relayed.port, relayed.address);
    w.runFor(50);
    other.send(Buffer.from('via indication'), relayed.port, relayed.address);
    w.runFor(50);
    const got = c.got.slice(before).map((g) => Buffer.from(g.bytes));
    expect(got[0].toString('hex')).to.equal(Buffer.concat([Buffer.from('4abc000b', 'hex'), Buffer.from('via channel')]).toString('hex'));
    expect(got[1].readUInt16BE(0), 'Data indication message type').to.equal(0x0017);
    expect(got).to.have.length(2);
  });
});
