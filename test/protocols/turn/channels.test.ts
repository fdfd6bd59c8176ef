import { expect } from 'chai';
import { ChannelBindings } from '../../../src/protocols/turn';
import { s } from './helpers';

const A = { address: '192.0.2.7', port: 4000 };
const A2 = { address: '192.0.2.7', port: 4001 };
const B = { address: '192.0.2.8', port: 4000 };

describe('turn/channels (RFC 8656 §12, §12.2)', () => {
  it('binds a channel for 600 s and looks it up both ways', () => {
    const c = new ChannelBindings();
    expect(c.bind(0x4000, A, 0)).to.deep.equal({ ok: true, outcome: 'created', expiresAt: s(600) });
    expect(c.peerForChannel(0x4000, s(599))).to.deep.equal(A);
    expect(c.channelForPeer({ ...A }, s(599))).to.equal(0x4000);
    expect(c.channelForPeer(A2, 0)).to.equal(undefined);
    expect(c.peerForChannel(0x4000, s(600))).to.equal(undefined);
  });

  it('refreshes when the same number is rebound to the same peer', () => {
    const c = new ChannelBindings();
    c.bind(0x4000, A, 0);
    expect(c.bind(0x4000, A, s(500))).to.deep.equal({ ok: true, outcome: 'refreshed', expiresAt: s(1100) });
  });

  const conflicts: [string, number, typeof A, RegExp][] = [
    ['the number is bound to another peer', 0x4000, B, /channel 0x4000 is bound to 192\.0\.2\.7:4000/],
    ['the number is bound to another port of the same IP', 0x4000, A2, /is bound to/],
    ['the peer is bound to another number', 0x4001, A, /peer 192\.0\.2\.7:4000 is bound to channel 0x4000/],
  ];
  for (const [story, channel, peer, reason] of conflicts) {
    it(`refuses with 400 when ${story}`, () => {
      const c = new ChannelBindings();
      c.bind(0x4000, A, 0);
      const r = c.bind(channel, peer, s(1));
      expect(r).to.deep.include({ ok: false, code: 400 });
      if (!r.ok) expect(r.reason).to.match(reason);
    });
  }

  for (const bad of [0x3fff, 0x5000, 0x7fff, 0xffff, 16384.5]) {
    it(`refuses channel number ${bad} with 400 (only 0x4000-0x4FFF may be bound)`, () => {
      expect(new ChannelBindings().bind(bad, A, 0)).to.deep.include({ ok: false, code: 400 });
    });
  }

  it('holds an expired number and peer for 5 minutes: not for others, but fine for each other', () => {
    const c = new ChannelBindings();
    c.bind(0x4000, A, 0);
    expect(c.bind(0x4000, B, s(600))).to.deep.include({ ok: false, code: 400 });
    expect(c.bind(0x4001, A, s(899))).to.deep.include({ ok: false, code: 400 });
    expect(c.bind(0x4000, A, s(700))).to.deep.include({ ok: true, outcome: 'created' });
  });

  it('frees the number and peer for other bindings once the hold is over', () => {
    const c = new ChannelBindings();
    c.bind(0x4000, A, 0);
    expect(c.bind(0x4000, B, s(900))).to.deep.include({ ok: true, outcome: 'created' });
    expect(c.bind(0x4001, A, s(900))).to.deep.include({ ok: true, outcome: 'created' });
  });

  it('reports expiry and hold release at their exact times', () => {
    const c = new ChannelBindings();
    c.bind(0x4000, A, 0);
    expect(c.nextExpiry()).to.equal(s(600));
    expect(c.expire(s(600))).to.deep.equal({ channels: [{ channel: 0x4000, peer: A, at: s(600) }], holdsReleased: [] });
    expect(c.nextExpiry()).to.equal(s(900));
    expect(c.expire(s(900))).to.deep.equal({ channels: [], holdsReleased: [{ channel: 0x4000, peer: A, at: s(900) }] });
    expect(c.nextExpiry()).to.equal(undefined);
  });

  it('still reports an expiry that a later bind() swept first', () => {
    const c = new ChannelBindings();
    c.bind(0x4000, A, 0);
    c.bind(0x4001, B, s(700));
    expect(c.nextExpiry()).to.equal(s(600));
    expect(c.expire(s(700)).channels).to.deep.equal([{ channel: 0x4000, peer: A, at: s(600) }]);
  });

  it('refuses with 508 beyond the per-allocation channel limit', () => {
    const c = new ChannelBindings({ maxBindings: 1 });
    c.bind(0x4000, A, 0);
    expect(c.bind(0x4001, B, 0)).to.deep.include({ ok: false, code: 508 });
    expect(c.bind(0x4000, A, 1)).to.deep.include({ ok: true, outcome: 'refreshed' });
  });
});
