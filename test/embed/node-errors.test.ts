import { expect } from 'chai';
import dgram = require('dgram');
import { World } from '../../src/net/world';
import { EmbeddedRun, withEmbedded } from '../../src/embed';

/** a 10.0.0.1 and b 10.0.0.2 on one LAN with 5 ms latency; no gateway, so other networks have no route. */
function lan(): World {
  const w = new World({ seed: 3 });
  w.network('lan', '10.0.0.0/24', { latency: 5 });
  w.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
  w.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
  return w;
}

/** What a call did: its return value, or the thrown error's class, code, syscall and message. */
function outcome(fn: () => unknown): string {
  try {
    return `returned ${String(fn())}`;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return `${err instanceof TypeError ? 'TypeError' : 'Error'} ${err.code} ${err.errno ?? ''} ${err.message}`;
  }
}

/** Each row: a setter call on a bound socket (the address is the socket's own, 127.0.0.1 or 10.0.0.1). */
const SETTER_PROBES: [string, (s: dgram.Socket, own: string) => unknown][] = [
  ['setTTL(0)', (s) => s.setTTL(0)],
  ['setTTL(1)', (s) => s.setTTL(1)],
  ['setTTL(255)', (s) => s.setTTL(255)],
  ['setTTL(256)', (s) => s.setTTL(256)],
  ['setTTL(-1)', (s) => s.setTTL(-1)],
  ['setTTL(NaN)', (s) => s.setTTL(NaN)],
  ["setTTL('5')", (s) => s.setTTL('5' as never)],
  ['setTTL(undefined)', (s) => s.setTTL(undefined as never)],
  ['setMulticastTTL(0)', (s) => s.setMulticastTTL(0)],
  ['setMulticastTTL(256)', (s) => s.setMulticastTTL(256)],
  ["setMulticastTTL('5')", (s) => s.setMulticastTTL('5' as never)],
  ["setMulticastLoopback('x')", (s) => s.setMulticastLoopback('x' as never)],
  ['setBroadcast(1)', (s) => s.setBroadcast(1 as never)],
  ['addMembership()', (s) => s.addMembership(undefined as never)],
  ["addMembership('bad')", (s) => s.addMembership('bad')],
  ["addMembership('10.0.0.9')", (s) => s.addMembership('10.0.0.9')],
  ["addMembership('239.1.1.1', own)", (s, own) => s.addMembership('239.1.1.1', own)],
  ['addMembership again', (s, own) => s.addMembership('239.1.1.1', own)],
  ["dropMembership('239.1.1.2')", (s) => s.dropMembership('239.1.1.2')],
  ['setMulticastInterface(1)', (s) => s.setMulticastInterface(1 as never)],
  ["setMulticastInterface('bad')", (s) => s.setMulticastInterface('bad')],
  ["setMulticastInterface('192.0.2.99')", (s) => s.setMulticastInterface('192.0.2.99')],
  ['setMulticastInterface(own)', (s, own) => s.setMulticastInterface(own)],
  ['addSourceSpecificMembership(1, group)', (s) => s.addSourceSpecificMembership(1 as never, '232.1.1.1')],
  ['setRecvBufferSize(-1)', (s) => s.setRecvBufferSize(-1)],
  ['setRecvBufferSize(1000); get', (s) => (s.setRecvBufferSize(1000), s.getRecvBufferSize())],
  ['setSendBufferSize(3000); get', (s) => (s.setSendBufferSize(3000), s.getSendBufferSize())],
];

/** Each row: a setter on a socket that is not bound yet (Linux has no descriptor: EBADF). */
const UNBOUND_PROBES: [string, (s: dgram.Socket) => unknown][] = [
  ['setTTL(64)', (s) => s.setTTL(64)],
  ['setBroadcast(true)', (s) => s.setBroadcast(true)],
  ['setMulticastTTL(2)', (s) => s.setMulticastTTL(2)],
  ['getRecvBufferSize()', (s) => s.getRecvBufferSize()],
];

/** Runs the probes on a real dgram socket bound to 127.0.0.1 (loopback only). */
async function realOutcomes(): Promise<string[]> {
  const unbound = dgram.createSocket('udp4');
  const before = UNBOUND_PROBES.map(([name, fn]) => `${name}: ${outcome(() => fn(unbound))}`);
  unbound.close();
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const after = SETTER_PROBES.map(([name, fn]) => `${name}: ${outcome(() => fn(s, '127.0.0.1'))}`);
  s.close();
  return [...before, ...after];
}

async function simulatedOutcomes(): Promise<string[]> {
  return withEmbedded(lan(), {}, async (run) => {
    const unbound = run.onHost('a', () => dgram.createSocket('udp4'));
    const before = UNBOUND_PROBES.map(([name, fn]) => `${name}: ${outcome(() => fn(unbound))}`);
    const s = run.onHost('a', () => dgram.createSocket('udp4'));
    await run.drive(new Promise<void>((resolve) => s.bind(0, '10.0.0.1', resolve)));
    return [...before, ...SETTER_PROBES.map(([name, fn]) => `${name}: ${outcome(() => fn(s, '10.0.0.1'))}`)];
  });
}

/** Sends on host a and collects the callback's error code, errno, syscall and message (or the byte count). */
function sendOutcome(run: EmbeddedRun, s: dgram.Socket, msg: Buffer, address: string): Promise<string> {
  return run.drive(new Promise<string>((resolve) => s.send(msg, 9, address, (err, n) => {
    const e = err as NodeJS.ErrnoException | null;
    resolve(e ? `${e.code} ${e.errno} ${e.syscall} ${e.message}${n === undefined ? '' : ` bytes ${n}`}` : `sent ${n}`);
  })));
}

describe('embedded dgram: the same errors as Node', () => {
  it('validates setters exactly as real dgram does on loopback (same codes, classes and messages)', async function () {
    this.timeout(10_000);
    const real = await realOutcomes();
    const simulated = await simulatedOutcomes();
    expect(simulated).to.deep.equal(real);
    // Pin a few rows so the comparison cannot pass by both sides doing nothing.
    expect(simulated).to.include("setTTL(0): Error EINVAL -22 setTTL EINVAL");
    expect(simulated).to.include('setTTL(64): Error EBADF -9 setTTL EBADF');
    expect(simulated).to.include("setTTL('5'): TypeError ERR_INVALID_ARG_TYPE  The \"ttl\" argument must be of type number. Received type string ('5')");
    expect(simulated).to.include('setRecvBufferSize(1000); get: returned 2304');
  });

  it('fails a datagram over 65,507 bytes with EMSGSIZE and sends nothing', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const got: number[] = [];
      const b = run.onHost('b', () => dgram.createSocket('udp4'));
      b.on('message', (m: Buffer) => got.push(m.length));
      b.bind(9);
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      expect(await sendOutcome(run, s, Buffer.alloc(65_508), '10.0.0.2')).to.equal('EMSGSIZE -90 send send EMSGSIZE 10.0.0.2:9');
      expect(await sendOutcome(run, s, Buffer.alloc(65_507), '10.0.0.2')).to.equal('sent 65507');
      await run.run({ forMs: 20 });
      expect(got).to.have.length.below(2);
    });
  });

  it('fails a send to a network without a route with ENETUNREACH', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      expect(await sendOutcome(run, s, Buffer.from('x'), '198.51.100.7')).to.equal('ENETUNREACH -101 send send ENETUNREACH 198.51.100.7:9');
    });
  });

  it('refuses broadcast with EACCES until setBroadcast(true)', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      expect(await sendOutcome(run, s, Buffer.from('x'), '10.0.0.255')).to.equal('EACCES -13 send send EACCES 10.0.0.255:9');
      expect(await sendOutcome(run, s, Buffer.from('x'), '255.255.255.255')).to.match(/^EACCES /);
      s.setBroadcast(true);
      expect(await sendOutcome(run, s, Buffer.from('x'), '10.0.0.255')).to.equal('sent 1');
    });
  });

  it('emits listening before connect and its callback on an unbound socket, as Node does', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const order: string[] = [];
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      s.on('listening', () => order.push('listening'));
      s.on('connect', () => order.push('connect event'));
      await run.drive(new Promise<void>((resolve) => s.connect(9, '10.0.0.2', () => {
        order.push('connect callback');
        resolve();
      })));
      expect(order).to.deep.equal(['listening', 'connect event', 'connect callback']);
    });
  });

  it('fails connect to a network without a route with ENETUNREACH: to the callback, else as an error event', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const s1 = run.onHost('a', () => dgram.createSocket('udp4'));
      const viaCallback = await run.drive(new Promise<string>((resolve) =>
        s1.connect(9, '198.51.100.7', ((err?: NodeJS.ErrnoException) => resolve(`${err?.code} ${err?.syscall} ${err?.message}`)) as () => void)));
      expect(viaCallback).to.equal('ENETUNREACH connect connect ENETUNREACH 198.51.100.7:9');
      const s2 = run.onHost('a', () => dgram.createSocket('udp4'));
      const viaEvent = await run.drive(new Promise<string>((resolve) => {
        s2.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? ''));
        s2.connect(9, '198.51.100.7');
      }));
      expect(viaEvent).to.equal('ENETUNREACH');
      expect(() => s2.remoteAddress()).to.throw(/Not connected/);
    });
  });

  it('throws ERR_SOCKET_DGRAM_NOT_RUNNING from setters after close (real Node 20 throws a bare TypeError there)', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      await run.drive(new Promise<void>((resolve) => s.bind(0, resolve)));
      s.close();
      for (const call of [() => s.setTTL(3), () => s.setBroadcast(true), () => s.getRecvBufferSize(), () => s.addMembership('239.1.1.1')]) {
        expect(call).to.throw().with.property('code', 'ERR_SOCKET_DGRAM_NOT_RUNNING');
      }
    });
  });

  it('gives a connected socket ECONNREFUSED as an error event after its peer answers port unreachable, as Node on Linux', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      await run.drive(new Promise<void>((resolve) => s.connect(9, '10.0.0.2', resolve)));
      const sent = run.nowMs;
      const err = await run.drive(new Promise<NodeJS.ErrnoException>((resolve) => {
        s.on('error', resolve);
        s.send('x');
      }));
      expect([err.code, err.errno, err.syscall, err.message]).to.deep.equal(['ECONNREFUSED', -111, 'recvmsg', 'recvmsg ECONNREFUSED']);
      expect(run.nowMs - sent).to.equal(10); // one round trip: 5 ms each way
    });
  });
});
