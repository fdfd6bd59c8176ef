import { expect } from 'chai';
import { StunMessage, StunMethod } from '../../../src/protocols/stun';
import { StunClient } from '../../../src/agents/stun';
import { TurnClient } from '../../../src/agents/turn';
import type { RemoteInfo } from '../../../src/net/udp-socket.types';
import { allocated, complete, PEER_IP, SERVER_IP, startServer, turnWorld } from './helpers';

/** A public peer at 203.0.113.50:7000 that answers every datagram with `re: <text>`. */
function echoPeer(w: ReturnType<typeof turnWorld>) {
  const s = w.getHost('peer').createSocket();
  s.bind(7000);
  s.on('message', (m, r) => s.send(Buffer.from(`re: ${m.toString()}`), r.port, r.address));
  return s;
}

describe('TURN client on a shared socket (for ICE)', () => {
  for (const demux of ['own', 'external'] as const) {
    it(`separates relayed data, direct datagrams and foreign STUN responses (demux '${demux}')`, () => {
      const w = turnWorld();
      startServer(w);
      echoPeer(w);
      const env = w.getHost('alice').env('ice');
      const sock = env.createSocket();
      sock.bind(6000);
      const turn = new TurnClient(env, { server: { address: SERVER_IP }, username: 'alice', password: 'secret', socket: sock, demux });
      const direct: string[] = [];
      const relayed: string[] = [];
      turn.on('data', (p, d) => relayed.push(`${Buffer.from(d).toString()} from ${p.address}:${p.port}`));
      // the "ICE agent": its own STUN transactions on the same socket, fed with what the TURN client leaves
      const ice = new StunClient(env, sock, { listen: false });
      const leftOver = (m: Buffer, r: RemoteInfo) => {
        if (!ice.receive(m, r)) direct.push(`${m.toString()} from ${r.address}:${r.port}`);
      };
      if (demux === 'own') turn.on('message', leftOver);
      else sock.on('message', (m, r) => (turn.handleDatagram(m, r) ? undefined : leftOver(m, r)));

      const a = allocated(w, turn);
      complete(w, (cb) => turn.createPermission(PEER_IP, cb));
      let mapped: string | undefined;
      ice.request(StunMessage.request(StunMethod.Binding, ice.newTransactionId()), SERVER_IP, 3478, {
        onResponse: (res) => (mapped = `${res.get('XOR-MAPPED-ADDRESS')?.address}:${res.get('XOR-MAPPED-ADDRESS')?.port}`),
      });
      sock.send(Buffer.from('direct'), 7000, PEER_IP);
      turn.send({ address: PEER_IP, port: 7000 }, Buffer.from('relayed'));
      w.runFor(500);

      expect(mapped, 'the ICE Binding response reached the ICE client').to.equal(`${a.mapped.address}:${a.mapped.port}`);
      expect(relayed).to.deep.equal([`re: relayed from ${PEER_IP}:7000`]);
      expect(direct).to.deep.equal([`re: direct from ${PEER_IP}:7000`]);
      turn.close();
      w.runFor(200);
      expect(() => sock.address(), 'a shared socket stays open after close()').to.not.throw();
    });
  }
});
