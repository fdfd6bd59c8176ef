/**
 * TURN between address families in the simulator (issue 11, RFC 8656 §7.1): an IPv6-only host and an IPv4-only host
 * cannot send to each other ("they can't speak the same protocol"), and meet through a dual-stack natsim TURN server
 * that relays between the families.
 */
import { expect } from 'chai';
import { TurnClient } from '../../../src/agents/turn/turn-client';
import { TurnServer } from '../../../src/agents/turn/turn-server';
import type { TransportAddress } from '../../../src/protocols/turn';
import { World } from '../../../src/net/world';
import { addTurnServer } from '../../../src/scenario/build/servers';
import { TraceRecorder } from '../../../src/sim/trace';

const TURN_V4 = '198.51.100.1';
const TURN_V6 = '2001:db8:6::1';
const LAPTOP = '198.51.100.20'; // IPv4 only
const PHONE = '2001:db8:6::20'; // IPv6 only

/** v4: 198.51.100.0/24 (laptop, IPv4 only); v6: 2001:db8:6::/64 (phone, IPv6 only); `turn` is on both. */
function familiesWorld(): World {
  const w = new World({ seed: 7 });
  w.network('v4', '198.51.100.0/24', { latency: 10 });
  w.network('v6', '2001:db8:6::/64', { latency: 10 });
  w.host('turn', { ifaces: [{ network: 'v4', ip: TURN_V4 }, { network: 'v6', ip: TURN_V6 }] });
  w.host('laptop', { ifaces: [{ network: 'v4', ip: LAPTOP }] });
  w.host('phone', { ifaces: [{ network: 'v6', ip: PHONE }] });
  return w;
}

/** A dual-stack TURN server: listens on both families, relays on both (RFC 8656 §7.1). */
function dualStackServer(w: World, relayAddresses = [TURN_V4, TURN_V6]): TurnServer {
  const server = new TurnServer(w.getHost('turn').env('turn-server'), {
    realm: 'sim.test', users: { alice: 'secret' },
    listenAddress: TURN_V4, additionalListen: [{ address: TURN_V6 }], relayAddresses,
  });
  server.start();
  w.runFor(1);
  return server;
}

/** An echo socket on `host` (udp4 or udp6) that answers 'echo:' + payload; returns what it received, as text. */
function echo(w: World, host: string, v6: boolean, port: number): string[] {
  const got: string[] = [];
  const s = w.getHost(host).createSocket(v6 ? 'udp6' : 'udp4').bind(port);
  s.on('message', (m, r) => {
    got.push(`${Buffer.from(m).toString()} from ${v6 ? `[${r.address}]` : r.address}:${r.port}`);
    s.send(Buffer.concat([Buffer.from('echo:'), m]), r.port, r.address);
  });
  return got;
}

/** Allocates on `client`, binds a channel to `peer`, sends `texts`; returns what came back through the relay. */
function relayThrough(w: World, client: TurnClient, peer: TransportAddress, texts: string[]): string[] {
  const back: string[] = [];
  client.on('data', (_p, data) => back.push(Buffer.from(data).toString()));
  let allocated = false;
  client.allocate((err) => {
    expect(err).to.equal(null);
    allocated = true;
  });
  w.runUntil(() => allocated, 5000);
  let bound = false;
  client.bindChannel(peer, (err) => {
    expect(err).to.equal(null);
    bound = true;
  });
  w.runUntil(() => bound, 5000);
  for (const t of texts) client.send(peer, Buffer.from(t));
  w.runFor(1000);
  return back;
}

describe('TURN between address families in the simulator (RFC 8656 §7.1)', () => {
  it('an IPv6-only phone cannot reach an IPv4-only laptop directly: EINVAL for the IPv4 text, no route for ::ffff:', () => {
    const w = familiesWorld();
    const got = echo(w, 'laptop', false, 7000);
    const errors: string[] = [];
    const s = w.getHost('phone').createSocket('udp6').bind(5000);
    s.send(Buffer.from('hello?'), 7000, LAPTOP, (err) => err && errors.push(err.message));
    s.send(Buffer.from('hello?'), 7000, `::ffff:${LAPTOP}`, (err) => err && errors.push(err.message));
    w.runFor(1000);
    expect(got).to.deep.equal([]);
    expect(errors).to.deep.equal([`send EINVAL ${LAPTOP}:7000`, `send ENETUNREACH ::ffff:${LAPTOP}:7000`]);
  });

  it('relays an IPv6-only phone (IPv4 relayed address) to an IPv4-only laptop and back: payloads delivered', () => {
    const w = familiesWorld();
    const server = dualStackServer(w);
    const rec = new TraceRecorder(w.sim.trace);
    const atLaptop = echo(w, 'laptop', false, 7000);
    const phone = new TurnClient(w.getHost('phone').env('turn-client'), {
      server: { address: TURN_V6 }, username: 'alice', password: 'secret', addressFamily: 4,
    });
    const back = relayThrough(w, phone, { address: LAPTOP, port: 7000 }, ['a', 'b', 'c']);
    expect(phone.relayedAddresses).to.have.length(1);
    const relayed = phone.relayedAddress!;
    expect(relayed.address).to.equal(TURN_V4);
    expect(atLaptop, 'the laptop sees the server\'s IPv4 relayed address').to.deep.equal(['a', 'b', 'c'].map((t) => `${t} from ${TURN_V4}:${relayed.port}`));
    expect(back).to.deep.equal(['echo:a', 'echo:b', 'echo:c']);
    expect(server.stats.relayedToPeers).to.equal(3);
    expect(server.stats.channelDataOut).to.equal(3);
    expect(server.stats.dropped).to.deep.equal({});
    const allocated = rec.events.filter((e) => JSON.stringify(e).includes('"allocated"') && JSON.stringify(e).includes('turn-server'));
    expect(allocated.map((e) => JSON.stringify(e)).join()).to.include(`"relayed":"${TURN_V4}:${relayed.port}"`).and.include(`"client":"[${PHONE}]:`);
  });

  it('relays an IPv4-only laptop (IPv6 relayed address) to an IPv6-only phone and back', () => {
    const w = familiesWorld();
    dualStackServer(w);
    const atPhone = echo(w, 'phone', true, 7000);
    const laptop = new TurnClient(w.getHost('laptop').env('turn-client'), {
      server: { address: TURN_V4 }, username: 'alice', password: 'secret', addressFamily: 6,
    });
    const back = relayThrough(w, laptop, { address: PHONE, port: 7000 }, ['x', 'y']);
    const relayed = laptop.relayedAddress!;
    expect(relayed.address).to.equal(TURN_V6);
    expect(atPhone).to.deep.equal(['x', 'y'].map((t) => `${t} from [${TURN_V6}]:${relayed.port}`));
    expect(back).to.deep.equal(['echo:x', 'echo:y']);
  });

  it('a dual allocation from the laptop reaches both families\' peers from one relayed port', () => {
    const w = familiesWorld();
    dualStackServer(w);
    const atPhone = echo(w, 'phone', true, 7000);
    const atTurnSide = echo(w, 'laptop', false, 7100);
    const laptop = new TurnClient(w.getHost('laptop').env('turn-client'), {
      server: { address: TURN_V4 }, username: 'alice', password: 'secret', dualAllocation: true,
    });
    const back = relayThrough(w, laptop, { address: PHONE, port: 7000 }, ['to-v6']);
    const [r4, r6] = laptop.relayedAddresses;
    expect([r4.address, r6.address, r6.port]).to.deep.equal([TURN_V4, TURN_V6, r4.port]);
    let bound = false;
    laptop.bindChannel({ address: LAPTOP, port: 7100 }, () => (bound = true));
    w.runUntil(() => bound, 5000);
    laptop.send({ address: LAPTOP, port: 7100 }, Buffer.from('to-v4'));
    w.runFor(1000);
    expect(atPhone).to.deep.equal([`to-v6 from [${TURN_V6}]:${r6.port}`]);
    expect(atTurnSide).to.deep.equal([`to-v4 from ${TURN_V4}:${r4.port}`]);
    expect(back).to.deep.equal(['echo:to-v6', 'echo:to-v4']);
  });

  it('answers 443 when the phone\'s IPv6 allocation names the IPv4 laptop, and 440 from an IPv6-only relay for IPv4', () => {
    const w = familiesWorld();
    dualStackServer(w, [TURN_V6]);
    const phone = new TurnClient(w.getHost('phone').env('turn-client'), { server: { address: TURN_V6 }, username: 'alice', password: 'secret', addressFamily: 6 });
    let code: number | undefined | null;
    phone.allocate(() => phone.createPermission(LAPTOP, (err) => (code = err ? err.code : null)));
    w.runUntil(() => code !== undefined, 5000);
    expect(code).to.equal(443);
    const v4 = new TurnClient(w.getHost('laptop').env('turn-client'), { server: { address: TURN_V4 }, username: 'alice', password: 'secret' });
    let allocErr: number | undefined | null;
    v4.allocate((err) => (allocErr = err ? err.code : null));
    w.runUntil(() => allocErr !== undefined, 5000);
    expect(allocErr, 'a plain Allocate asks for IPv4 (RFC 8656 §7.2), which this server lacks').to.equal(440);
  });

  it('addTurnServer with addresses of both families builds the same dual-stack server', () => {
    const w = new World({ seed: 7 });
    w.network('both', ['198.51.100.0/24', '2001:db8:6::/64'], { latency: 10 });
    const { server } = addTurnServer(w, 'turn', { network: 'both', ip: [TURN_V4, TURN_V6], users: { alice: 'secret' } });
    w.host('laptop', { ifaces: [{ network: 'both', ip: LAPTOP }] });
    w.host('phone', { ifaces: [{ network: 'both', ip: PHONE }] });
    w.runFor(1);
    expect(server.config.listen).to.deep.equal([{ address: TURN_V4, port: 3478 }, { address: TURN_V6, port: 3478 }]);
    expect(server.config.relayAddresses).to.deep.equal({ 4: TURN_V4, 6: TURN_V6 });
    echo(w, 'laptop', false, 7000);
    const phone = new TurnClient(w.getHost('phone').env('turn-client'), { server: { address: TURN_V6 }, username: 'alice', password: 'secret', addressFamily: 4 });
    expect(relayThrough(w, phone, { address: LAPTOP, port: 7000 }, ['hi'])).to.deep.equal(['echo:hi']);
  });

  it('runs the same trace for the same seed', () => {
    const run = (): string => {
      const w = familiesWorld();
      const rec = new TraceRecorder(w.sim.trace);
      dualStackServer(w);
      echo(w, 'laptop', false, 7000);
      const phone = new TurnClient(w.getHost('phone').env('turn-client'), { server: { address: TURN_V6 }, username: 'alice', password: 'secret', addressFamily: 4 });
      relayThrough(w, phone, { address: LAPTOP, port: 7000 }, ['a']);
      return JSON.stringify(rec.events);
    };
    expect(run()).to.equal(run());
  });
});
