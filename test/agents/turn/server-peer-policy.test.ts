/**
 * The TURN server relays nowhere it must not (issue 14, RFC 8656 §9.1): loopback, "this host" 0.0.0.0/8 (coturn's
 * CVE-2020-26262), multicast, link-local, broadcast and the server's own addresses get 403 by default; operators
 * change it with peers.allow / peers.deny / peers.privatePeers.
 */
import { expect } from 'chai';
import { encode, newTransactionId, StunMessage, StunMethod } from '../../../src/protocols/stun';
import { Rng } from '../../../src/sim/rng';
import type { TurnServerInit } from '../../../src/agents/turn/server-config';
import { codeOf, PEER_IP, RawClient, SERVER_IP, startServer, turnWorld, type RawAuth } from './helpers';

function allocatedRaw(init: TurnServerInit = {}) {
  const w = turnWorld(5);
  const server = startServer(w, init);
  const c = new RawClient(w, w.getHost('alice'), 5000);
  const auth: RawAuth = { username: 'alice', password: 'secret', nonce: c.nonce() };
  const relayed = c.call(c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), auth).get('XOR-RELAYED-ADDRESS')!;
  const permit = (address: string, port = 0) =>
    codeOf(c.call(c.request(StunMethod.CreatePermission).add('XOR-PEER-ADDRESS', { family: 4, address, port }), auth)) ?? 200;
  let channel = 0x4000;
  const bind = (address: string, port: number) =>
    codeOf(c.call(c.request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', channel++).add('XOR-PEER-ADDRESS', { family: 4, address, port }), auth)) ?? 200;
  return { w, server, c, auth, relayed, permit, bind };
}

describe('TURN server peer address policy (RFC 8656 §9.1)', () => {
  it('answers 403 for loopback, 0.0.0.0/8, multicast, link-local and broadcast peers, and 200 for a public one', () => {
    const { permit, server } = allocatedRaw();
    const refused = ['127.0.0.1', '127.0.0.2', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '169.254.169.254', '255.255.255.255'];
    expect(refused.map((ip) => [ip, permit(ip)])).to.deep.equal(refused.map((ip) => [ip, 403]));
    expect(permit(PEER_IP)).to.equal(200);
    expect(server.stats.errorResponses[403]).to.equal(refused.length);
  });

  it('refuses the server\'s own address outside its relay ports, but relays to another allocation on it', () => {
    const { bind, relayed, c, w, server } = allocatedRaw();
    expect(bind(SERVER_IP, 22)).to.equal(403);
    expect(bind(SERVER_IP, 3478)).to.equal(403);
    const bob = new RawClient(w, w.getHost('bob'), 5001);
    const bobAuth: RawAuth = { username: 'bob', password: 'hunter2', nonce: bob.nonce() };
    const bobRelay = bob.call(bob.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), bobAuth).get('XOR-RELAYED-ADDRESS')!;
    expect(bind(SERVER_IP, bobRelay.port)).to.equal(200);
    // A Send indication to the own address at a non-relay port is dropped, even with the IP's permission.
    const before = server.stats.relayedToPeers;
    c.sendRaw(encodeSend(SERVER_IP, 22));
    w.runFor(100);
    expect(server.stats.relayedToPeers).to.equal(before);
    expect(server.stats.dropped['forbidden-peer']).to.equal(1);
    expect(relayed.address).to.equal(SERVER_IP);
  });

  it('lets an operator allow a refused address, deny a public one, and refuse private ranges', () => {
    const allowed = allocatedRaw({ peers: { allow: ['127.0.0.1'], deny: ['203.0.113.0/24'], privatePeers: false } });
    expect(allowed.permit('127.0.0.1')).to.equal(200);
    expect(allowed.permit('127.0.0.2')).to.equal(403);
    expect(allowed.permit(PEER_IP)).to.equal(403);
    expect(allowed.permit('10.1.2.3')).to.equal(403);
    expect(allowed.permit('192.168.7.7')).to.equal(403);
    expect(allowed.permit('198.51.100.7')).to.equal(200);
    const open = allocatedRaw();
    expect(open.permit('10.1.2.3')).to.equal(200);
    expect(open.permit('192.168.7.7')).to.equal(200);
  });
});

function encodeSend(address: string, port: number): Uint8Array {
  return encode(
    StunMessage.indication(StunMethod.Send, newTransactionId(new Rng('send')))
      .add('XOR-PEER-ADDRESS', { family: 4, address, port })
      .add('DATA', Uint8Array.of(1, 2, 3)),
  );
}
