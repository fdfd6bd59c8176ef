/**
 * The built-in demo topology: alice behind a port-restricted cone NAT, bob behind a symmetric NAT, and a public
 * echo server. Both hosts talk to the server, then try to reach each other at the public addresses the server
 * saw, so the trace shows translations, a successful exchange and a filtered drop.
 */
import { World } from '../net/world';
import { addNat } from '../nat/add-nat';

/** Builds the demo world and schedules its traffic; run it with world.runFor(). */
export function buildDemoWorld(seed = 1): World {
  const w = new World({ seed });
  w.network('internet', '203.0.113.0/24', { latency: 20 });
  w.network('alice-lan', '192.168.1.0/24', { latency: 2 });
  w.network('bob-lan', '10.0.0.0/24', { latency: 2 });
  addNat(w, 'nat-a', { settings: { preset: 'port-restricted-cone' }, outside: { network: 'internet', ip: '203.0.113.10' }, inside: [{ network: 'alice-lan', ip: '192.168.1.1' }] });
  addNat(w, 'nat-b', { settings: { preset: 'symmetric' }, outside: { network: 'internet', ip: '203.0.113.20' }, inside: [{ network: 'bob-lan', ip: '10.0.0.1' }] });
  const alice = w.host('alice', { ifaces: [{ network: 'alice-lan', ip: '192.168.1.10' }], gateway: '192.168.1.1' });
  const bob = w.host('bob', { ifaces: [{ network: 'bob-lan', ip: '10.0.0.10' }], gateway: '10.0.0.1' });
  const server = w.host('server', { ifaces: [{ network: 'internet', ip: '203.0.113.100' }] });

  // The server echoes and tells each client the address it saw ("reflexive address").
  const seen = new Map<string, string>();
  const srv = server.createSocket().bind(7000);
  srv.on('message', (msg, r) => {
    seen.set(msg.toString(), `${r.address}:${r.port}`);
    srv.send(Buffer.from(`you are ${r.address}:${r.port}`), r.port, r.address);
  });
  const a = alice.createSocket().bind(5000);
  const b = bob.createSocket().bind(6000);
  a.send(Buffer.from('alice'), 7000, '203.0.113.100');
  b.send(Buffer.from('bob'), 7000, '203.0.113.100');
  // At 200 ms each side sends to the other's reflexive address.
  w.sim.timers.setTimeout(() => {
    const [bobIp, bobPort] = (seen.get('bob') ?? '0.0.0.0:0').split(':');
    const [aliceIp, alicePort] = (seen.get('alice') ?? '0.0.0.0:0').split(':');
    a.send(Buffer.from('hi bob'), Number(bobPort), bobIp);
    b.send(Buffer.from('hi alice'), Number(alicePort), aliceIp);
  }, 200);
  return w;
}
