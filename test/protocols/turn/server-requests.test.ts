import { expect } from 'chai';
import {
  AllocationTable,
  handleAllocate,
  handleChannelBind,
  handleCreatePermission,
  handleRefresh,
  type AllocateRequest,
} from '../../../src/protocols/turn';
import { s, tuple } from './helpers';

const PEER = { address: '192.0.2.7', port: 4000 };
const table = (): AllocationTable =>
  new AllocationTable({ relayAddress: '203.0.113.1', relayPorts: { min: 50000, max: 50009 } });
const udp = (extra: Partial<AllocateRequest> = {}): AllocateRequest => ({
  fiveTuple: tuple(),
  username: 'alice',
  requestedTransport: 17,
  ...extra,
});

describe('turn/server-requests (RFC 8656 §7.2, §8.2, §10.2, §12.2)', () => {
  describe('handleAllocate', () => {
    it('returns the success fields: relayed, mapped, lifetime', () => {
      const r = handleAllocate(table(), udp({ lifetimeS: 1200 }), 0);
      expect(r).to.deep.include({
        ok: true, relayed: { address: '203.0.113.1', port: 50000 }, mapped: tuple().client, lifetimeS: 1200, replayed: false,
      });
      expect(r.ok && 'addressError' in r).to.equal(false);
    });

    const rejects: [string, Partial<AllocateRequest>, number, object][] = [
      ['without REQUESTED-TRANSPORT', { requestedTransport: undefined }, 400, {}],
      ['with a malformed REQUESTED-TRANSPORT', { requestedTransport: 'malformed' }, 400, {}],
      ['asking for TCP (6)', { requestedTransport: 6 }, 442, {}],
      ['with DONT-FRAGMENT the server cannot honour', { dontFragment: true }, 420, {}],
      ['with RESERVATION-TOKEN and EVEN-PORT', { reservationToken: '00'.repeat(8), evenPort: { reserve: false } }, 400, {}],
      ['with RESERVATION-TOKEN and REQUESTED-ADDRESS-FAMILY', { reservationToken: '00'.repeat(8), requestedAddressFamily: 4 }, 400, {}],
      ['with both address family attributes', { requestedAddressFamily: 4, additionalAddressFamily: 6 }, 400, {}],
      ['asking for an IPv6 relay from an IPv4 server', { requestedAddressFamily: 6 }, 440, {}],
      ['with EVEN-PORT R=1 and ADDITIONAL-ADDRESS-FAMILY', { evenPort: { reserve: true }, additionalAddressFamily: 6 }, 400, {}],
      ['with ADDITIONAL-ADDRESS-FAMILY IPv4', { additionalAddressFamily: 4 }, 400, {}],
      ['with an unknown RESERVATION-TOKEN', { reservationToken: 'ff'.repeat(8) }, 508, {}],
    ];
    for (const [story, extra, code] of rejects) {
      it(`answers ${code} to an Allocate ${story}`, () => {
        const t = table();
        expect(handleAllocate(t, udp(extra), 0)).to.deep.include({ ok: false, code });
        expect(t.list(0)).to.deep.equal([]);
      });
    }

    it('lists DONT-FRAGMENT as the unknown attribute for 420, and accepts it when supported', () => {
      const r = handleAllocate(table(), udp({ dontFragment: true }), 0);
      expect(!r.ok && r.unknownAttributes).to.deep.equal(['DONT-FRAGMENT']);
      expect(handleAllocate(table(), udp({ dontFragment: true }), 0, { dontFragment: true })).to.deep.include({ ok: true });
    });

    it('checks the 5-tuple (437) before REQUESTED-TRANSPORT, as §7.2 orders them', () => {
      const t = table();
      handleAllocate(t, udp({ transactionId: 'a' }), 0);
      expect(handleAllocate(t, udp({ transactionId: 'b', requestedTransport: 6 }), 0)).to.deep.include({ code: 437 });
    });

    it('replays the success for a retransmission', () => {
      const t = table();
      handleAllocate(t, udp({ transactionId: 'a' }), 0);
      expect(handleAllocate(t, udp({ transactionId: 'a' }), s(1))).to.deep.include({ ok: true, replayed: true, lifetimeS: 599 });
    });

    it('grants only IPv4 for ADDITIONAL-ADDRESS-FAMILY IPv6, with ADDRESS-ERROR-CODE 440 (§7.2 step 9)', () => {
      expect(handleAllocate(table(), udp({ additionalAddressFamily: 6 }), 0)).to.deep.include({ ok: true, addressError: { family: 6, code: 440 } });
    });

    it('returns the RESERVATION-TOKEN for EVEN-PORT R=1', () => {
      const r = handleAllocate(table(), udp({ evenPort: { reserve: true } }), 0);
      expect(r.ok && r.reservationToken).to.match(/^[0-9a-f]{16}$/);
    });
  });

  describe('handleRefresh', () => {
    it('refreshes, deletes with LIFETIME 0, and answers 437 / 441 / 443', () => {
      const t = table();
      handleAllocate(t, udp(), 0);
      expect(handleRefresh(t, { fiveTuple: tuple(9), username: 'alice' }, 0)).to.deep.include({ code: 437 });
      expect(handleRefresh(t, { fiveTuple: tuple(), username: 'eve' }, 0)).to.deep.include({ code: 441 });
      expect(handleRefresh(t, { fiveTuple: tuple(), username: 'alice', requestedAddressFamily: 6 }, 0)).to.deep.include({ code: 443 });
      expect(handleRefresh(t, { fiveTuple: tuple(), username: 'alice', requestedAddressFamily: 4 }, s(1))).to.deep.equal({ ok: true, lifetimeS: 600 });
      const del = handleRefresh(t, { fiveTuple: tuple(), username: 'alice', lifetimeS: 0 }, s(2));
      expect(del).to.deep.include({ ok: true, lifetimeS: 0 });
      expect(del.ok && del.deleted?.cause).to.equal('deleted');
    });
  });

  describe('handleCreatePermission', () => {
    const okPeer = { address: '192.0.2.50', port: 1 };
    const cases: [string, object[], object, number][] = [
      ['without XOR-PEER-ADDRESS', [], {}, 400],
      ['when one peer is IPv6 on an IPv4 relay', [okPeer, { address: '2001:db8::1', port: 1 }], {}, 443],
      ['when policy refuses one peer', [okPeer, PEER], { allowPeer: (p: { address: string }) => p.address !== '192.0.2.7' }, 403],
    ];
    for (const [story, peers, policy, code] of cases) {
      it(`answers ${code} ${story}, installing nothing`, () => {
        const t = table();
        handleAllocate(t, udp(), 0);
        const r = handleCreatePermission(t, { fiveTuple: tuple(), username: 'alice', peers: peers as never }, 0, policy);
        expect(r).to.deep.include({ ok: false, code });
        expect(t.find(tuple(), 0)?.permissions.size).to.equal(0);
      });
    }

    it('installs permissions and answers 437 / 441 like any non-Allocate request', () => {
      const t = table();
      expect(handleCreatePermission(t, { fiveTuple: tuple(), username: 'alice', peers: [PEER] }, 0)).to.deep.include({ code: 437 });
      handleAllocate(t, udp(), 0);
      expect(handleCreatePermission(t, { fiveTuple: tuple(), username: 'bob', peers: [PEER] }, 0)).to.deep.include({ code: 441 });
      expect(handleCreatePermission(t, { fiveTuple: tuple(), username: 'alice', peers: [PEER] }, 0)).to.deep.equal({ ok: true });
      expect(t.find(tuple(), 0)?.permissions.has('192.0.2.7', 0)).to.equal(true);
    });
  });

  describe('handleChannelBind', () => {
    const cases: [string, object, object, number][] = [
      ['without CHANNEL-NUMBER', { peer: PEER }, {}, 400],
      ['without XOR-PEER-ADDRESS', { channel: 0x4000 }, {}, 400],
      ['for channel 0x5000 (RFC 5766 range, not bindable)', { channel: 0x5000, peer: PEER }, {}, 400],
      ['for an IPv6 peer', { channel: 0x4000, peer: { address: '2001:db8::1', port: 1 } }, {}, 443],
      ['for a forbidden peer', { channel: 0x4000, peer: PEER }, { allowPeer: () => false }, 403],
    ];
    for (const [story, fields, policy, code] of cases) {
      it(`answers ${code} ${story}`, () => {
        const t = table();
        handleAllocate(t, udp(), 0);
        expect(handleChannelBind(t, { fiveTuple: tuple(), username: 'alice', ...fields }, 0, policy)).to.deep.include({ code });
      });
    }

    it('binds, then refuses the number for another peer with 400', () => {
      const t = table();
      handleAllocate(t, udp(), 0);
      expect(handleChannelBind(t, { fiveTuple: tuple(), username: 'alice', channel: 0x4000, peer: PEER }, 0)).to.deep.equal({ ok: true });
      const other = { address: '192.0.2.8', port: 1 };
      expect(handleChannelBind(t, { fiveTuple: tuple(), username: 'alice', channel: 0x4000, peer: other }, 0)).to.deep.include({ code: 400 });
    });
  });
});
