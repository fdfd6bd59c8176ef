/**
 * Who owns a datagram's bytes (docs/packet-core.md): the packet carries what was sent, and each receiving
 * program gets a Buffer of its own, as with Node's dgram.
 */
import { expect } from 'chai';
import { inspect } from 'util';
import { TraceRecorder } from '../../src/sim/trace';
import type { TraceLevel } from '../../src/sim/trace';
import { listen, twoHosts } from './helpers';

describe('payload ownership on the packet path', () => {
  for (const trace of ['off', 'summary', 'full'] as TraceLevel[]) {
    it(`delivers the bytes as they were at send(), not the sender's later writes (trace ${trace})`, () => {
      const { world, a, b } = twoHosts({ latency: 5 }, { trace });
      const rx = listen(b, 7000, world);
      const tx = a.createSocket();
      const buf = Buffer.from('first');
      tx.send(buf, 7000, '10.0.0.2');
      buf.write('later'); // the program reuses its buffer while the datagram is still on the link
      world.runUntilIdle();
      expect(rx.got.map((g) => g.data)).to.deep.equal(['first']);
    });
  }

  it('gives each delivery of a duplicated datagram its own bytes', () => {
    const { world, a, b } = twoHosts({ duplicate: 1 }, { trace: 'off' });
    const seen: string[] = [];
    const rx = b.createSocket().bind(7000);
    rx.on('message', (msg: Buffer) => {
      seen.push(msg.toString());
      msg.fill(0x21); // a receiver may write to the Buffer it was given
    });
    a.createSocket().send(Buffer.from('dup'), 7000, '10.0.0.2');
    world.runUntilIdle();
    expect(seen).to.deep.equal(['dup', 'dup']);
  });

  it("keeps a full trace's recorded packet intact when the receiver writes to its Buffer", () => {
    const { world, a, b } = twoHosts({}, { trace: 'full' });
    const rec = new TraceRecorder(world.sim.trace);
    const rx = b.createSocket().bind(7000);
    rx.on('message', (msg: Buffer) => msg.fill(0));
    a.createSocket().send(Buffer.from('keep'), 7000, '10.0.0.2');
    world.runUntilIdle();
    const delivered = rec.ofKind('delivered');
    expect(delivered).to.have.length(1);
    expect(Buffer.from(delivered[0].pkt.payload).toString()).to.equal('keep');
  });
});

describe('payload copies (src/net/payload-copy.ts)', () => {
  it('hands the receiver a real Buffer: isBuffer, instanceof, constructor, methods and inspect as any Buffer', () => {
    const { world, a, b } = twoHosts({}, { trace: 'off' });
    const got: Buffer[] = [];
    b.createSocket().bind(7000).on('message', (msg: Buffer) => got.push(msg));
    a.createSocket().send(Uint8Array.from([0x68, 0x69]), 7000, '10.0.0.2');
    world.runUntilIdle();
    const [msg] = got;
    expect(Buffer.isBuffer(msg)).to.equal(true);
    expect(msg instanceof Buffer).to.equal(true);
    expect(msg.constructor).to.equal(Buffer);
    expect(msg.toString()).to.equal('hi');
    expect(msg.readUInt16BE(0)).to.equal(0x6869);
    expect(inspect(msg)).to.equal('<Buffer 68 69>');
    expect(Buffer.isBuffer(msg.subarray(1))).to.equal(true);
    expect(msg.equals(Buffer.from('hi'))).to.equal(true);
  });

  it('gives every datagram its own bytes, small ones sharing pools and large ones (over 8 KB) apart', () => {
    const { world, a, b } = twoHosts({ mtu: 65535 }, { trace: 'off' });
    const got: Buffer[] = [];
    b.createSocket().bind(7000).on('message', (msg: Buffer) => got.push(msg));
    const tx = a.createSocket();
    const sizes = [0, 1, 100, 8191, 9000, 60000];
    // Enough datagrams to fill several 64 KB pools.
    for (let i = 0; i < 200; i++) tx.send(Buffer.alloc(sizes[i % sizes.length], i), 7000, '10.0.0.2');
    world.runUntilIdle();
    expect(got).to.have.length(200);
    got.forEach((msg, i) => {
      expect(msg.length, `datagram ${i}`).to.equal(sizes[i % sizes.length]);
      expect(msg.every((x) => x === (i & 255)), `datagram ${i} bytes`).to.equal(true);
      // Small copies view a shared 64 KB pool; one over 8 KB has memory of its own, so holding it pins no pool.
      if (msg.length > 8192) expect(msg.buffer.byteLength, `datagram ${i} memory`).to.be.below(65536);
      else if (msg.length > 0) expect(msg.buffer.byteLength, `datagram ${i} memory`).to.equal(65536);
    });
    for (const msg of got) msg.fill(0xee); // a receiver writing to its Buffer touches no other datagram's bytes
    expect(got.filter((m) => m.length > 0).every((m) => m.every((x) => x === 0xee))).to.equal(true);
  });
});
