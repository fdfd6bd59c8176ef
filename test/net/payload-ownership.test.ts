/**
 * Who owns a datagram's bytes (docs/packet-core.md): the packet carries what was sent, and each receiving
 * program gets a Buffer of its own, as with Node's dgram.
 */
import { expect } from 'chai';
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
