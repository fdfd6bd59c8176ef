/**
 * How a delivered datagram reaches 'message' listeners (SimUdpSocket.deliver): a lone listener is called directly,
 * everything else goes through emit(), and a program cannot tell the two apart.
 */
import { expect } from 'chai';
import { EventEmitter } from 'events';
import sinon from 'sinon';
import type { RemoteInfo } from '../../src/net/udp-socket.types';
import { twoHosts } from './helpers';

describe("'message' dispatch on a simulated socket", () => {
  afterEach(() => sinon.restore());

  it('calls a lone listener with the socket as `this`, the bytes and the rinfo, once per datagram', () => {
    const { world, a, b } = twoHosts({}, { trace: 'off' });
    const rx = b.createSocket().bind(7000);
    const calls: { self: unknown; data: string; rinfo: RemoteInfo }[] = [];
    rx.on('message', function (this: unknown, msg: Buffer, rinfo: RemoteInfo) {
      calls.push({ self: this, data: msg.toString(), rinfo });
    });
    const tx = a.createSocket().bind(6000);
    tx.send(Buffer.from('one'), 7000, '10.0.0.2');
    tx.send(Buffer.from('two'), 7000, '10.0.0.2');
    world.runUntilIdle();
    expect(calls.map((c) => c.data)).to.deep.equal(['one', 'two']);
    expect(calls[0].self).to.equal(rx);
    expect(calls[0].rinfo).to.deep.equal({ address: '10.0.0.1', family: 'IPv4', port: 6000, size: 3 });
  });

  it('lets a sinon spy on socket.emit see every message (the direct call steps aside)', () => {
    const { world, a, b } = twoHosts({}, { trace: 'off' });
    const rx = b.createSocket().bind(7000);
    const got: string[] = [];
    rx.on('message', (msg: Buffer) => got.push(msg.toString()));
    const spy = sinon.spy(rx, 'emit');
    a.createSocket().send(Buffer.from('seen'), 7000, '10.0.0.2');
    world.runUntilIdle();
    const messages = spy.getCalls().filter((c) => c.args[0] === 'message');
    expect(messages).to.have.length(1);
    expect((messages[0].args[1] as Buffer).toString()).to.equal('seen');
    expect(got).to.deep.equal(['seen']);
  });

  it('calls every listener in order when there are several, and a once() listener only once', () => {
    const { world, a, b } = twoHosts({}, { trace: 'off' });
    const rx = b.createSocket().bind(7000);
    const order: string[] = [];
    rx.once('message', (msg: Buffer) => order.push(`once:${msg.toString()}`));
    rx.on('message', (msg: Buffer) => order.push(`on:${msg.toString()}`));
    const tx = a.createSocket();
    tx.send(Buffer.from('1'), 7000, '10.0.0.2');
    tx.send(Buffer.from('2'), 7000, '10.0.0.2');
    world.runUntilIdle();
    expect(order).to.deep.equal(['once:1', 'on:1', 'on:2']);
  });

  it('runs a lone once() listener once, then delivers to nobody', () => {
    const { world, a, b } = twoHosts({}, { trace: 'off' });
    const rx = b.createSocket().bind(7000);
    const got: string[] = [];
    rx.once('message', (msg: Buffer) => got.push(msg.toString()));
    const tx = a.createSocket();
    tx.send(Buffer.from('first'), 7000, '10.0.0.2');
    tx.send(Buffer.from('second'), 7000, '10.0.0.2');
    world.runUntilIdle();
    expect(got).to.deep.equal(['first']);
    expect(rx.listenerCount('message')).to.equal(0);
  });

  it("routes a rejected async listener to 'error' when the socket was made with EventEmitter.captureRejections", () => {
    const saved = EventEmitter.captureRejections;
    EventEmitter.captureRejections = true;
    try {
      const { world, a, b } = twoHosts({}, { trace: 'off' });
      const rx = b.createSocket().bind(7000);
      const errors: string[] = [];
      rx.on('error', (e: Error) => errors.push(e.message));
      rx.on('message', async () => {
        throw new Error('handler failed');
      });
      a.createSocket().send(Buffer.from('x'), 7000, '10.0.0.2');
      world.runUntilIdle();
      return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        expect(errors).to.deep.equal(['handler failed']);
      });
    } finally {
      EventEmitter.captureRejections = saved;
    }
  });
});
