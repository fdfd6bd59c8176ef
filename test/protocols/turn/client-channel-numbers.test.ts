import { expect } from 'chai';
import { ClientChannelNumbers } from '../../../src/protocols/turn';
import { s } from './helpers';

const A = { address: '192.0.2.7', port: 4000 };
const B = { address: '192.0.2.8', port: 4000 };

describe('turn/client-channel-numbers (RFC 8656 §12)', () => {
  it('gives the lowest free number and keeps one number per peer', () => {
    const c = new ClientChannelNumbers();
    expect(c.numberFor(A, 0)).to.equal(0x4000);
    c.onBound(0x4000, A, 0);
    expect(c.numberFor(A, s(1))).to.equal(0x4000);
    expect(c.numberFor(B, s(1))).to.equal(0x4001);
    expect(c.boundChannel(A, s(599))).to.equal(0x4000);
  });

  it('waits 5 minutes after expiry before giving the number to another peer, but gives it back to the same peer', () => {
    const c = new ClientChannelNumbers();
    c.onBound(0x4000, A, 0);
    expect(c.boundChannel(A, s(600))).to.equal(undefined);
    expect(c.numberFor(B, s(899))).to.equal(0x4001);
    expect(c.numberFor(A, s(899))).to.equal(0x4000);
    expect(c.numberFor(B, s(900))).to.equal(0x4000);
  });

  it('runs out after 4096 numbers', () => {
    const c = new ClientChannelNumbers();
    for (let i = 0; i < 4096; i++) c.onBound(0x4000 + i, { address: '192.0.2.1', port: 1000 + i }, 0);
    expect(c.numberFor(B, 0)).to.equal(undefined);
  });
});
