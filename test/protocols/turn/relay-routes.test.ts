import { expect } from 'chai';
import {
  AllocationTable,
  routeChannelData,
  routeFromPeer,
  routeSend,
  routeSendIndication,
} from '../../../src/protocols/turn';
import { s, tuple } from './helpers';

const PEER = { address: '192.0.2.7', port: 4000 };

function setup(): AllocationTable {
  const t = new AllocationTable({ relayAddress: '203.0.113.1', relayPorts: { min: 50000, max: 50009 } });
  t.allocate({ fiveTuple: tuple() }, 0);
  return t;
}

describe('turn/relay-routes (RFC 8656 §9, §11, §12.6-§12.7)', () => {
  describe('from a peer to the relayed port', () => {
    it('discards a datagram to a relayed port with no allocation', () => {
      expect(routeFromPeer(setup(), 50005, PEER, 0)).to.deep.include({ ok: false, reason: 'no-allocation' });
    });

    it('discards a datagram from an IP without permission', () => {
      expect(routeFromPeer(setup(), 50000, PEER, 0)).to.deep.include({ ok: false, reason: 'no-permission' });
    });

    it('delivers as a Data indication (no channel) when the IP has a permission, whatever the port', () => {
      const t = setup();
      t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, 0);
      const r = routeFromPeer(t, 50000, { address: '192.0.2.7', port: 9999 }, s(1));
      expect(r).to.deep.include({ ok: true, channel: undefined });
    });

    it('delivers as ChannelData when a channel is bound to that exact peer address', () => {
      const t = setup();
      t.channelBind({ fiveTuple: tuple(), channel: 0x4005, peer: PEER }, 0);
      expect(routeFromPeer(t, 50000, PEER, s(1))).to.deep.include({ ok: true, channel: 0x4005 });
      expect(routeFromPeer(t, 50000, { ...PEER, port: 4001 }, s(1))).to.deep.include({ ok: true, channel: undefined });
    });

    it('stops relaying when the permission lapses: data does not refresh it (§9)', () => {
      const t = setup();
      t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, 0);
      for (let at = 0; at < s(300); at += s(10)) expect(routeFromPeer(t, 50000, PEER, at).ok).to.equal(true);
      expect(routeFromPeer(t, 50000, PEER, s(300))).to.deep.include({ ok: false, reason: 'no-permission' });
    });
  });

  describe('ChannelData from the client', () => {
    it('relays to the bound peer', () => {
      const t = setup();
      t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: PEER }, 0);
      expect(routeChannelData(t, tuple(), 0x4000, s(1))).to.deep.include({ ok: true, peer: PEER });
    });

    it('discards on an unbound channel, from a 5-tuple without allocation, and once the permission lapsed', () => {
      const t = setup();
      t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: PEER }, 0);
      expect(routeChannelData(t, tuple(), 0x4001, 0)).to.deep.include({ ok: false, reason: 'unbound-channel' });
      expect(routeChannelData(t, tuple(1), 0x4000, 0)).to.deep.include({ ok: false, reason: 'no-allocation' });
      expect(routeChannelData(t, tuple(), 0x4000, s(300))).to.deep.include({ ok: false, reason: 'no-permission' });
    });

    it('does not refresh the binding (§12.6): it expires 600 s after the bind despite traffic', () => {
      const t = setup();
      t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: PEER }, 0);
      t.refresh({ fiveTuple: tuple(), lifetimeS: 3600 }, s(1));
      t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, s(250));
      t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, s(500));
      expect(routeChannelData(t, tuple(), 0x4000, s(599)).ok).to.equal(true);
      expect(routeChannelData(t, tuple(), 0x4000, s(600))).to.deep.include({ reason: 'unbound-channel' });
    });
  });

  describe('Send indications (§11.2)', () => {
    it('relays with a permission and discards without one', () => {
      const t = setup();
      expect(routeSend(t, tuple(), PEER, 0)).to.deep.include({ ok: false, reason: 'no-permission' });
      t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, 0);
      expect(routeSend(t, tuple(), PEER, 0)).to.deep.include({ ok: true });
    });

    const data = Uint8Array.of(1, 2, 3);
    const cases: [string, object, object, string][] = [
      ['without allocation', { fiveTuple: tuple(9), peer: PEER, data }, {}, 'no-allocation'],
      ['without XOR-PEER-ADDRESS', { fiveTuple: tuple(), data }, {}, 'malformed'],
      ['without DATA', { fiveTuple: tuple(), peer: PEER }, {}, 'malformed'],
      ['with DONT-FRAGMENT unsupported', { fiveTuple: tuple(), peer: PEER, data, dontFragment: true }, {}, 'unsupported-attribute'],
      ['to an IPv6 peer from an IPv4 relay', { fiveTuple: tuple(), peer: { address: '2001:db8::1', port: 1 }, data }, {}, 'forbidden-peer'],
      ['to a peer refused by policy', { fiveTuple: tuple(), peer: PEER, data }, { allowPeer: () => false }, 'forbidden-peer'],
      ['to a peer without permission', { fiveTuple: tuple(), peer: { address: '192.0.2.99', port: 1 }, data }, {}, 'no-permission'],
    ];
    for (const [story, ind, policy, reason] of cases) {
      it(`silently discards a Send indication ${story} (${reason})`, () => {
        const t = setup();
        t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, 0);
        expect(routeSendIndication(t, ind as never, 0, policy)).to.deep.include({ ok: false, reason });
      });
    }

    it('relays a valid Send indication, with DONT-FRAGMENT when the server supports it', () => {
      const t = setup();
      t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, 0);
      const r = routeSendIndication(t, { fiveTuple: tuple(), peer: PEER, data, dontFragment: true }, 0, { dontFragment: true });
      expect(r).to.deep.include({ ok: true, peer: PEER, data });
    });
  });
});
